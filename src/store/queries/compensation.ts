/**
 * The compensation hook for resolution notices (issue #12 part 5): the credit or goodwill line
 * an account's contacts read when an incident is resolved. A line given with the resolving
 * update (`compensation: {account_id: text}`) wins; otherwise this hook is asked, once per
 * account and notice.
 *
 * It returns null for now. The SLA work (credits per account, issue #12 parts 1–3) fills it:
 * look up the account's approved credit or goodwill for the incident and word it, e.g. "Your
 * account is eligible for a 10% service credit". Whatever it returns is shown to that account's
 * contacts only.
 */
import type { Db } from '../db.js';

export async function compensationFor(
  _db: Db,
  _incidentId: string,
  _accountId: string,
): Promise<string | null> {
  return null;
}
