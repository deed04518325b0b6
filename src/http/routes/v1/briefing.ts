/**
 * The incident's briefing pack for the customer-facing team (issue #11): the current version
 * with who read which version, an edit of what to say, what not to say and the FAQ (a new
 * version), and any version with what changed since the one before.
 */
import { z } from 'zod';
import { briefingEditInput } from '../../../actions/briefingInputs.js';
import { editBriefing } from '../../../actions/editBriefing.js';
import type { BriefingPack } from '../../../domain/briefing.js';
import { packText } from '../../../domain/briefing.js';
import { notFound } from '../../../domain/errors.js';
import { lineDiff } from '../../../lib/lineDiff.js';
import {
  type BriefingAck,
  currentBriefing,
  getBriefing,
} from '../../../store/queries/briefings.js';
import { apiModule, route } from '../../api.js';
import { findIncident } from '../../incidentReads.js';
import { idParams } from '../../schemas.js';

const tag = 'briefing';
const time = z.iso.datetime({ offset: true });

const ackOut = z.object({ person_id: z.string(), version: z.number().int(), at: time });

export const briefingOut = z.object({
  version: z.number().int().describe('0 before the first public update'),
  created_at: time.nullable(),
  stage: z.string(),
  statement: z.string().describe('the latest public update, word for word'),
  say: z.array(z.string()),
  avoid: z.array(z.string()),
  faq: z.array(z.object({ q: z.string(), a: z.string() })),
  next_update_at: time.nullable(),
  affected: z.object({
    components: z.array(z.string()),
    accounts_by_tier: z.record(z.string(), z.number().int()),
    key_accounts: z.array(z.object({ id: z.string(), name: z.string(), tier: z.string() })),
  }),
  escalation_contacts: z.array(
    z.object({
      role_key: z.string(),
      role_name: z.string(),
      person_id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
  ),
  acknowledgements: z.array(ackOut),
});

const versionOut = briefingOut.omit({ acknowledgements: true }).extend({
  changes: z
    .array(z.object({ op: z.enum(['same', 'del', 'ins']), text: z.string() }))
    .describe('a line diff from the version before (all inserted for version 1)'),
});

function present(version: number, createdAt: string, p: BriefingPack) {
  return {
    version,
    created_at: createdAt || null,
    stage: p.stage,
    statement: p.statement,
    say: p.say,
    avoid: p.avoid,
    faq: p.faq,
    next_update_at: p.next_update_at,
    affected: p.affected,
    escalation_contacts: p.escalation_contacts,
  };
}

async function briefingOf(app: Parameters<typeof findIncident>[0], id: string) {
  await findIncident(app, 'incident', id);
  const b = await currentBriefing(app.store.db, id);
  if (!b) throw notFound('incident', id);
  const acknowledgements: BriefingAck[] = b.acks;
  return { ...present(b.current.version, b.current.created_at, b.current.pack), acknowledgements };
}

export const briefingRoutes = apiModule([
  route({
    id: 'getBriefing',
    method: 'GET',
    url: '/api/v1/incidents/:id/briefing',
    access: 'read',
    tag,
    summary:
      'The briefing pack for the customer-facing team: statement, what to say and avoid, FAQ, who is affected, and who read which version',
    params: idParams,
    response: briefingOut,
    handler: async ({ app, params }) => briefingOf(app, params.id),
  }),
  route({
    id: 'editBriefing',
    method: 'PUT',
    url: '/api/v1/incidents/:id/briefing',
    access: 'write',
    tag,
    summary:
      'Edit what to say, what not to say or the FAQ: a new version, pushed to the customer-facing team',
    params: idParams,
    body: briefingEditInput,
    response: briefingOut,
    handler: async ({ app, ctx, params, body }) => {
      await findIncident(app, 'incident', params.id);
      await editBriefing(ctx, params.id, body);
      return briefingOf(app, params.id);
    },
  }),
  route({
    id: 'getBriefingVersion',
    method: 'GET',
    url: '/api/v1/incidents/:id/briefing/versions/:n',
    access: 'read',
    tag,
    summary: 'One version of the briefing pack, with what changed since the version before',
    params: z
      .object({ id: z.string().min(1).max(100), n: z.coerce.number().int().min(1).max(1_000_000) })
      .strict(),
    response: versionOut,
    handler: async ({ app, params }) => {
      await findIncident(app, 'incident', params.id);
      const v = await getBriefing(app.store.db, params.id, params.n);
      if (!v) throw notFound('briefing version', `${params.id}/${params.n}`);
      const before =
        params.n > 1 ? await getBriefing(app.store.db, params.id, params.n - 1) : undefined;
      return {
        ...present(v.version, v.created_at, v.pack),
        changes: lineDiff(before ? packText(before.pack) : '', packText(v.pack)),
      };
    },
  }),
]);
