/** Input schema of the social account settings (issue #11), shared by the API and the OpenAPI document. */
import { z } from 'zod';

export const socialAccountInput = z
  .object({
    url: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(2000, 'must be at most 2000 characters')
      .optional()
      .describe(
        'Mastodon: the instance, e.g. https://mastodon.social (required). Bluesky: the service, default https://bsky.social',
      ),
    handle: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(253, 'must be at most 253 characters')
      .optional()
      .describe(
        'Bluesky: the account handle, e.g. status.example.com (required). Mastodon: @name@instance (for display)',
      ),
    access_token: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(4096, 'must be at most 4096 characters')
      .optional()
      .describe(
        'Mastodon only: an access token with the read:notifications scope. Stored encrypted, never shown; omit to keep the stored one',
      ),
    app_password: z
      .string()
      .trim()
      .regex(
        /^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/i,
        'must be a Bluesky app password (xxxx-xxxx-xxxx-xxxx, from Settings → Privacy and security → App passwords), not the account password',
      )
      .optional()
      .describe(
        'Bluesky only: an app password. Stored encrypted, never shown; omit to keep the stored one',
      ),
    enabled: z.boolean().optional().describe('poll this account for mentions (default true)'),
    post_updates: z
      .boolean()
      .optional()
      .describe(
        'post each public update to this account, later updates of an incident in its thread (default false; Mastodon needs the write:statuses scope)',
      ),
  })
  .strict();
export type SocialAccountInput = z.input<typeof socialAccountInput>;
