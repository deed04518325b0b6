/**
 * GET /console/accounts (search, filters, pages), GET /console/accounts/:id (one account), and
 * the forms that write: add an account, add a contact, import a CSV file.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { channelLabels } from '../../../channels/catalog.js';
import { CRITICALITIES, isKeyAccount } from '../../../domain/audience.js';
import { notFound } from '../../../domain/errors.js';
import { pageZone } from '../../../lib/format.js';
import { accountBody } from '../../../pages/console/account.js';
import {
  type AccountFormState,
  accountsBody,
  type ImportOutcome,
} from '../../../pages/console/accounts.js';
import type { Flash } from '../../../pages/console/layout.js';
import { getKeyRule, getTiers } from '../../../store/queries/audiences.js';
import {
  type AccountFilter,
  accountFacets,
  getAccountView,
  listAccounts,
} from '../../../store/queries/consoleAccounts.js';
import { listPeople } from '../../../store/queries/team.js';
import { pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope, flashOf } from './scope.js';

/** The channels a contact added in the console can be reached on. */
export const CONTACT_CHANNELS = ['email', 'sms'];

type Query = Record<string, string | undefined>;

function readFilter(q: Query): AccountFilter {
  const s = (k: string, max = 200) =>
    typeof q[k] === 'string' ? (q[k] as string).trim().slice(0, max) : '';
  const page = Number(s('page', 6));
  const crit = s('criticality');
  return {
    q: s('q'),
    tier: s('tier', 64),
    criticality: (CRITICALITIES as readonly string[]).includes(crit) ? crit : '',
    region: s('region', 64),
    tag: s('tag', 64),
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    perPage: 25,
  };
}

export async function showAccounts(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  extra: { form?: AccountFormState; imported?: ImportOutcome; flash?: Flash } = {},
): Promise<FastifyReply> {
  const db = c.app.store.db;
  const filter = readFilter((req.query ?? {}) as Query);
  const [list, facets, tiers, rule, people, { components }] = await Promise.all([
    listAccounts(db, filter),
    accountFacets(db),
    getTiers(db),
    getKeyRule(db),
    listPeople(db),
    pageData(c.app),
  ]);
  return c.render(req, reply, status, {
    title: 'Accounts',
    section: 'accounts',
    flash: extra.flash ?? flashOf(req),
    body: accountsBody({
      list,
      filter,
      facets,
      tiers,
      people: people.map((p) => ({ id: p.id, name: p.name })),
      components,
      keyIds: new Set(list.rows.filter((a) => isKeyAccount(a, rule)).map((a) => a.id)),
      csrf: c.session(req).csrf,
      form: extra.form ?? {
        values: { tier: tiers[tiers.length - 1] ?? '', criticality: 'normal' },
        components: [],
        errors: {},
      },
      imported: extra.imported ?? null,
    }),
  });
}

export async function showAccount(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  id: string,
  status = 200,
  contactForm: { values: Record<string, string>; errors: Record<string, string> } = {
    values: { role: 'technical', channel: 'email' },
    errors: {},
  },
): Promise<FastifyReply> {
  const db = c.app.store.db;
  const [view, rule, { page }] = await Promise.all([
    getAccountView(db, id),
    getKeyRule(db),
    pageData(c.app),
  ]);
  if (!view) throw notFound('account', id);
  return c.render(req, reply, status, {
    title: view.account.name,
    section: 'accounts',
    flash: flashOf(req),
    body: accountBody({
      view,
      isKey: isKeyAccount(view.account, rule),
      channelLabels: channelLabels(),
      contactChannels: CONTACT_CHANNELS,
      zone: pageZone(page.time_zone),
      csrf: c.session(req).csrf,
      contactForm,
    }),
  });
}

export const consoleAccountRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/accounts', (req, reply) => showAccounts(c, req, reply, 200));
    scope.get<{ Params: { id: string } }>('/console/accounts/:id', (req, reply) =>
      showAccount(c, req, reply, req.params.id),
    );
  });
