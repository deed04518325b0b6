/** Inputs for account-manager outreach: recording how a call went. */
import { z } from 'zod';
import { OUTREACH_OUTCOMES } from '../domain/audience.js';

export const completeOutreachInput = z
  .object({
    outcome: z
      .enum(OUTREACH_OUTCOMES, { error: `must be one of ${OUTREACH_OUTCOMES.join(', ')}` })
      .describe('how the call went'),
    note: z.string().trim().min(1).max(2000).optional().describe('what was said or agreed'),
  })
  .strict();

export type CompleteOutreachInput = z.input<typeof completeOutreachInput>;
