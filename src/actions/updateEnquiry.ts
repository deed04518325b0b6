import { invalid, notFound } from '../domain/errors.js';
import { type Enquiry, getEnquiry } from '../store/queries/enquiries.js';
import { type Ctx, inTransaction } from './context.js';
import { type UpdateEnquiryInput, updateEnquiryInput } from './enquiryInputs.js';
import { parseInput } from './inputs.js';

/**
 * Changes an enquiry's status, or relinks it to another incident (null unlinks). A relinked
 * enquiry keeps its incident when it is processed again. Marking it answered by hand records
 * the first response time.
 */
export async function updateEnquiry(
  ctx: Ctx,
  id: string,
  raw: UpdateEnquiryInput | unknown,
): Promise<Enquiry> {
  const input = parseInput(updateEnquiryInput, raw);
  await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const before = await tx.db
      .selectFrom('enquiries')
      .select(['status', 'incident_id', 'first_response_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw notFound('enquiry', id);
    const set: Record<string, unknown> = { updated_at: tx.at };
    if (input.status !== undefined) {
      set.status = input.status;
      if (input.status === 'answered' && !before.first_response_at) set.first_response_at = tx.at;
    }
    if (input.incident_id !== undefined) {
      if (input.incident_id !== null) {
        const known = await tx.db
          .selectFrom('incidents')
          .select('id')
          .where('id', '=', input.incident_id)
          .executeTakeFirst();
        if (!known) throw invalid({ incident_id: `is not a known incident: ${input.incident_id}` });
      }
      set.incident_id = input.incident_id;
      set.incident_pinned = 1;
    }
    await tx.db.updateTable('enquiries').set(set).where('id', '=', id).execute();
    await tx.audit({
      action: 'enquiry.update',
      entityType: 'enquiry',
      entityId: id,
      before: { status: before.status, incident_id: before.incident_id },
      after: {
        status: input.status ?? before.status,
        incident_id: input.incident_id === undefined ? before.incident_id : input.incident_id,
      },
    });
  });
  return (await getEnquiry(ctx.store.db, id))!;
}
