/**
 * An inbound source: a vendor's webhook (helpdesk, phone, chat) that turns the vendor's payload
 * into an enquiry. One descriptor per vendor, one line in registry.ts; the route
 * (http/routes/inbound.ts) checks the signature over the raw body, maps, and hands the result to
 * receiveEnquiry.
 */
import type { EnquiryChannel } from '../domain/enquiry.js';

/** What a descriptor sees of the request: the raw body bytes, the headers, the time. */
export interface InboundRequest {
  body: Buffer;
  /** header names in lower case */
  headers: Record<string, string | string[] | undefined>;
  /** the full URLs the vendor may have called (public URL setting, then the Host header) */
  urls: string[];
  now: Date;
}

/** What receiveEnquiry takes, as far as an inbound source fills it in. */
export interface InboundEnquiry {
  channel: EnquiryChannel;
  from: string;
  text: string;
  subject?: string;
  received_at?: string;
}

export type Mapped =
  /** one enquiry; `dedupeKey` is the vendor's id, so that its retry stores nothing twice */
  | { kind: 'enquiry'; enquiry: InboundEnquiry; dedupeKey?: string }
  /** nothing for Flare (a ping, an agent's reply, a delivery status): 200, nothing stored */
  | { kind: 'ignore'; reason: string };

export interface InboundSource {
  /** the URL segment (/api/v1/inbound/<name>) and the enquiry's `source` */
  name: string;
  title: string;
  /** the environment variable that holds the secret when none was set through the API */
  env: string;
  /** the channel of an enquiry whose payload could not be read */
  channel: EnquiryChannel;
  /** the media type the vendor sends, for the API document */
  mediaType: string;
  /** what the secret is called on the vendor's side, for the docs and the API */
  secretName: string;
  /**
   * Checks the vendor's signature (or shared secret) over the raw body. Returns undefined when
   * it holds, else what is wrong (told to the caller with a 401).
   */
  verify(secret: string, req: InboundRequest): string | undefined;
  /** The body as data (JSON, form fields); throws `invalid({field})` when it cannot be read. */
  parse(body: Buffer): unknown;
  /** The enquiry in the payload; throws `invalid({field: problem})` naming what is missing. */
  map(payload: unknown): Mapped;
  /** the answer the vendor expects (e.g. TwiML); default JSON */
  reply?: { type: string; body: string };
}
