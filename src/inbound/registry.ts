/** The inbound sources (vendor webhooks that become enquiries). A new source is one file and one line here. */
import { freshdesk } from './freshdesk.js';
import { intercom } from './intercom.js';
import { twilio } from './twilio.js';
import type { InboundSource } from './types.js';
import { zendesk } from './zendesk.js';

export const INBOUND_SOURCES: InboundSource[] = [zendesk, freshdesk, intercom, twilio];

export const INBOUND_NAMES = INBOUND_SOURCES.map((s) => s.name);

export function inboundSource(name: string): InboundSource | undefined {
  return INBOUND_SOURCES.find((s) => s.name === name);
}
