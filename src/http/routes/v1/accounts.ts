/**
 * /api/v1/accounts: the customers, their footprint and contacts, and their bulk import
 * (a JSON array or CSV, read as a stream).
 */
import { z } from 'zod';
import {
  createAccountInput,
  createContactInput,
  importAccountsInput,
  updateAccountInput,
} from '../../../actions/accountInputs.js';
import { createAccount } from '../../../actions/createAccount.js';
import { createContact } from '../../../actions/createContact.js';
import { deleteAccount } from '../../../actions/deleteAccount.js';
import { deleteContact } from '../../../actions/deleteContact.js';
import { importAccounts } from '../../../actions/importAccounts.js';
import { SUBSCRIBER_CHANNELS } from '../../../actions/inputs.js';
import { updateAccount } from '../../../actions/updateAccount.js';
import { CRITICALITIES } from '../../../domain/audience.js';
import { invalid, notFound } from '../../../domain/errors.js';
import { getAccount, listAccounts, listContacts } from '../../../store/queries/accounts.js';
import { apiModule, route } from '../../api.js';
import { idParams } from '../../schemas.js';
import { subscriberOut } from './subscribers.js';

const tag = 'account';
const time = z.iso.datetime({ offset: true });

export const accountOut = z.object({
  id: z.string(),
  name: z.string(),
  external_id: z.string().nullable(),
  tier: z.string(),
  criticality: z.enum(CRITICALITIES),
  region: z.string().nullable(),
  time_zone: z.string().nullable(),
  locale: z.string().nullable(),
  account_manager_id: z.string().nullable(),
  tags: z.array(z.string()),
  mrr: z.number().nullable(),
  sla_start: z.string().nullable().describe('SLA figures count from this day (YYYY-MM-DD)'),
  components: z.array(z.string()).describe('the footprint: ids of the components it uses'),
  created_at: time,
  updated_at: time,
});

export const contactOut = subscriberOut.extend({
  account_id: z.string(),
  contact_role: z.string().nullable(),
  contact_name: z.string().nullable(),
});

const listQuery = z
  .object({
    q: z.string().trim().min(1).max(200).optional().describe('searches the name and external id'),
    tier: z.string().min(1).max(64).optional(),
    criticality: z.enum(CRITICALITIES).optional(),
    region: z.string().min(1).max(64).optional(),
    tag: z.string().min(1).max(64).optional(),
    limit: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1000, 'must be at most 1000')
      .default(100),
    after: z.string().min(1).max(100).optional().describe('the last id of the previous page'),
  })
  .strict();

const contactParams = z
  .object({ id: z.string().min(1).max(100), contactId: z.string().min(1).max(100) })
  .strict();

const importOut = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  contacts: z.number().int().describe('contacts added, or linked when already subscribed'),
  rejected: z
    .array(
      z.object({
        row: z.number().int().describe('CSV: the line; JSON: the element, from 1'),
        external_id: z.string().nullable(),
        field: z.string(),
        reason: z.string(),
      }),
    )
    .describe('the first 10,000 rejections'),
  rejected_total: z.number().int(),
});

export const accountRoutes = apiModule([
  route({
    id: 'listAccounts',
    method: 'GET',
    url: '/api/v1/accounts',
    access: 'read',
    tag,
    summary: 'List accounts by id, a page at a time (`after` = the last id of the previous page)',
    query: listQuery,
    response: z.object({ accounts: z.array(accountOut), next_after: z.string().nullable() }),
    handler: async ({ app, query }) => {
      const accounts = await listAccounts(app.store.db, query);
      const full = accounts.length === query.limit;
      return { accounts, next_after: full ? accounts[accounts.length - 1].id : null };
    },
  }),
  route({
    id: 'createAccount',
    idempotent: true,
    method: 'POST',
    url: '/api/v1/accounts',
    access: 'write',
    tag,
    summary: 'Add an account: its tier, criticality, account manager, tags and footprint',
    body: createAccountInput,
    status: 201,
    response: accountOut,
    handler: async ({ ctx, body }) => createAccount(ctx, body),
  }),
  route({
    id: 'importAccounts',
    method: 'POST',
    url: '/api/v1/accounts/import',
    access: 'write',
    tag,
    summary:
      'Upsert accounts and their contacts by external_id from a JSON array or CSV (`text/csv`, one row per contact; see docs/accounts.md), up to 200 MB, read as a stream',
    body: importAccountsInput,
    stream: {
      types: {
        'text/csv': {
          schema: {
            type: 'string',
            description:
              'header: external_id,name,tier,criticality,region,time_zone,locale,account_manager,tags,mrr,components,contact_name,contact_email,contact_phone,contact_role',
          },
        },
      },
    },
    response: importOut,
    handler: async ({ ctx, body, reply }) => {
      const type = String(reply.request.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      const format = type === 'text/csv' ? 'csv' : type === 'application/json' ? 'json' : null;
      if (!format || !body)
        throw invalid({ 'Content-Type': 'must be application/json or text/csv' });
      return importAccounts(ctx, body as AsyncIterable<Buffer>, { format });
    },
  }),
  route({
    id: 'getAccount',
    method: 'GET',
    url: '/api/v1/accounts/:id',
    access: 'write',
    tag,
    summary: 'Get one account with its footprint and contacts',
    params: idParams,
    response: accountOut.extend({ contacts: z.array(contactOut) }),
    handler: async ({ app, params }) => {
      const a = await getAccount(app.store.db, params.id);
      if (!a) throw notFound('account', params.id);
      return { ...a, contacts: await listContacts(app.store.db, a.id) };
    },
  }),
  route({
    id: 'updateAccount',
    method: 'PATCH',
    url: '/api/v1/accounts/:id',
    access: 'write',
    tag,
    summary: 'Change the fields given; null clears one; `components` replaces the footprint',
    params: idParams,
    body: updateAccountInput,
    response: accountOut,
    handler: async ({ ctx, params, body }) => updateAccount(ctx, params.id, body),
  }),
  route({
    id: 'deleteAccount',
    method: 'DELETE',
    url: '/api/v1/accounts/:id',
    access: 'write',
    tag,
    summary:
      'Delete an account and its footprint; contacts added to it are deleted, subscribers linked to it are unlinked',
    params: idParams,
    status: 204,
    handler: async ({ ctx, params }) => {
      await deleteAccount(ctx, params.id);
    },
  }),
  route({
    id: 'listAccountContacts',
    method: 'GET',
    url: '/api/v1/accounts/:id/contacts',
    access: 'write',
    tag,
    summary: 'List an account’s contacts',
    params: idParams,
    response: z.object({ contacts: z.array(contactOut) }),
    handler: async ({ app, params }) => {
      const a = await getAccount(app.store.db, params.id);
      if (!a) throw notFound('account', params.id);
      return { contacts: await listContacts(app.store.db, a.id) };
    },
  }),
  route({
    id: 'createAccountContact',
    idempotent: true,
    method: 'POST',
    url: '/api/v1/accounts/:id/contacts',
    access: 'write',
    tag,
    summary:
      'Add a contact (confirmed at once); an address already subscribed on that channel is linked to the account (`linked: true`)',
    params: idParams,
    body: createContactInput,
    status: 201,
    response: contactOut.extend({
      linked: z.boolean().describe('true: an existing subscriber was linked, not added'),
      secret: z.string().optional().describe('a new webhook contact’s signing secret, once'),
      channel: z.enum(SUBSCRIBER_CHANNELS),
    }),
    handler: async ({ ctx, params, body }) => {
      const { contact, linked, secret } = await createContact(ctx, params.id, body);
      return { ...contact, linked, ...(secret ? { secret } : {}) };
    },
  }),
  route({
    id: 'deleteAccountContact',
    method: 'DELETE',
    url: '/api/v1/accounts/:id/contacts/:contactId',
    access: 'write',
    tag,
    summary:
      'Take a contact off the account: deleted if it was added as a contact, unlinked if it was a subscriber of its own',
    params: contactParams,
    status: 204,
    handler: async ({ ctx, params }) => {
      await deleteContact(ctx, params.id, params.contactId);
    },
  }),
]);
