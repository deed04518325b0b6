/** Input schemas of the enquiry actions (issue #11), shared by the API, the console and the OpenAPI document. */
import { z } from 'zod';
import {
  ENQUIRY_CHANNELS,
  ENQUIRY_REPLY_MAX,
  ENQUIRY_STATUSES,
  ENQUIRY_TEXT_MAX,
} from '../domain/enquiry.js';

const id = z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const isoTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 time with a time zone, e.g. 2026-11-26T14:30:00Z',
});

export const receiveEnquiryInput = z
  .object({
    channel: z.enum(ENQUIRY_CHANNELS, { error: `must be one of ${ENQUIRY_CHANNELS.join(', ')}` }),
    from: z
      .string({ error: 'is required: the sender’s email address, phone number or handle' })
      .trim()
      .min(1, 'must not be empty')
      .max(320, 'must be at most 320 characters'),
    text: z
      .string({ error: 'is required: what the customer said' })
      .trim()
      .min(1, 'must not be empty')
      .max(ENQUIRY_TEXT_MAX, `must be at most ${ENQUIRY_TEXT_MAX} characters`),
    subject: z.string().trim().max(500, 'must be at most 500 characters').optional(),
    received_at: isoTime.optional().describe('when the customer sent it (default: now)'),
    incident_id: id.optional().describe('the incident it is about (default: found from the text)'),
    message_id: z
      .string()
      .trim()
      .min(3, 'must be a Message-ID such as <abc@mail.example>')
      .max(998, 'must be at most 998 characters')
      .optional()
      .describe('the email Message-ID, so that a reply threads (In-Reply-To)'),
  })
  .strict();
export type ReceiveEnquiryInput = z.input<typeof receiveEnquiryInput>;

export const updateEnquiryInput = z
  .object({
    status: z
      .enum(ENQUIRY_STATUSES, { error: `must be one of ${ENQUIRY_STATUSES.join(', ')}` })
      .optional(),
    incident_id: id.nullable().optional().describe('relink to another incident; null unlinks'),
  })
  .strict();
export type UpdateEnquiryInput = z.input<typeof updateEnquiryInput>;

export const replyEnquiryInput = z
  .object({
    body: z
      .string({ error: 'is required: the answer to send' })
      .trim()
      .min(1, 'must not be empty')
      .max(ENQUIRY_REPLY_MAX, `must be at most ${ENQUIRY_REPLY_MAX} characters`),
  })
  .strict();
export type ReplyEnquiryInput = z.input<typeof replyEnquiryInput>;

export const setInboundSecretInput = z
  .object({
    secret: z
      .string({ error: 'is required: the secret the vendor signs with (or sends)' })
      .trim()
      .min(16, 'must be at least 16 characters')
      .max(512, 'must be at most 512 characters')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .describe('the signing secret, client secret or auth token; never shown again'),
  })
  .strict();
export type SetInboundSecretInput = z.input<typeof setInboundSecretInput>;
