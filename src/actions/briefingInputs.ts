/** The briefing edit as documented (OpenAPI); editBriefing checks it with the domain's rules. */
import { z } from 'zod';
import { LIMITS } from '../domain/briefing.js';

const line = z.string().trim().min(1).max(LIMITS.line);

export const briefingEditInput = z
  .object({
    say: z.array(line).max(LIMITS.items).optional().describe('what to say, one line each'),
    avoid: z.array(line).max(LIMITS.items).optional().describe('what not to say, one line each'),
    faq: z
      .array(
        z
          .object({
            q: z.string().trim().min(1).max(LIMITS.question),
            a: z.string().trim().min(1).max(LIMITS.answer),
          })
          .strict(),
      )
      .max(LIMITS.items)
      .optional()
      .describe('approved answers'),
  })
  .strict();
