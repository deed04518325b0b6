/** Input of editMaintenance: what a scheduled maintenance's plan may change after scheduling. */
import { z } from 'zod';

const isoTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 time with a time zone, e.g. 2026-11-26T14:30:00Z',
});

export const editMaintenanceInput = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(255),
    scheduled_for: isoTime,
    scheduled_until: isoTime,
    components: z.array(z.string().min(1).max(100)).max(500),
    auto_transition: z.boolean(),
  })
  .partial()
  .strict();

export type EditMaintenanceInput = z.infer<typeof editMaintenanceInput>;
