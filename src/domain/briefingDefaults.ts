/** The briefing pack's built-in wording: what to say and avoid, and approved answers per stage. */
import type { FaqItem } from './briefing.js';

export const DEFAULT_SAY: readonly string[] = [
  'Read the statement as written; it is what every customer hears.',
  'Say we will post the next update by the time given, even if nothing has changed.',
  'Point customers to the status page and offer to subscribe them to updates.',
];

export const DEFAULT_AVOID: readonly string[] = [
  'No guessed fix times: only the next update time is promised.',
  'No blame: do not name a supplier, a colleague or the customer as the cause.',
  'No speculation about the cause beyond the statement.',
];

/** Approved answers per lifecycle stage. `*` applies at every stage. */
export const DEFAULT_FAQ: Readonly<Record<string, readonly FaqItem[]>> = {
  '*': [
    {
      q: 'Where can I follow this?',
      a: 'On our status page, where every update is posted first. You can subscribe there to be told of each update.',
    },
  ],
  investigating: [
    {
      q: 'When will it be fixed?',
      a: 'We do not have a fix time yet. We will post the next update by the time on the status page.',
    },
    {
      q: 'What is the cause?',
      a: 'We are investigating and will share the cause once we know it.',
    },
  ],
  identified: [
    {
      q: 'When will it be fixed?',
      a: 'We have found the cause and are working on a fix. We will post the next update by the time on the status page.',
    },
  ],
  monitoring: [
    {
      q: 'Is it fixed?',
      a: 'A fix is in place and we are watching to make sure it holds. Please tell us if you still see a problem.',
    },
  ],
  resolved: [
    {
      q: 'Is it over?',
      a: 'Yes. The service is working normally. A summary of what happened will follow.',
    },
    {
      q: 'Will I be compensated?',
      a: 'Your account manager will follow up on anything your contract provides.',
    },
  ],
};

export function defaultFaq(
  stage: string,
  faq: Readonly<Record<string, readonly FaqItem[]>> = DEFAULT_FAQ,
): FaqItem[] {
  return [...(faq[stage] ?? []), ...(faq['*'] ?? [])].map((f) => ({ ...f }));
}

/** The plan's own briefing wording (plan document `briefing:`); a part it leaves out is the built-in one. */
export interface BriefingDefaults {
  say: readonly string[];
  avoid: readonly string[];
  /** approved answers per stage; `*` at every stage */
  faq: Readonly<Record<string, readonly FaqItem[]>>;
}

export function briefingDefaults(plan: Partial<BriefingDefaults> = {}): BriefingDefaults {
  return {
    say: plan.say ?? DEFAULT_SAY,
    avoid: plan.avoid ?? DEFAULT_AVOID,
    faq: plan.faq ?? DEFAULT_FAQ,
  };
}

/** The roles whose people receive the pack when the plan names none (`briefing_roles`). */
export const DEFAULT_BRIEFING_ROLES: readonly string[] = [
  'support',
  'support_lead',
  'customer_liaison',
  'account_manager',
  'sales',
];
export const DEFAULT_READ_MINUTES = 10;
