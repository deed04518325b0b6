/**
 * Approved answers the inbox offers when replying (issue #11 part 4). These are the defaults;
 * the briefing pack's FAQ, when an incident has one, comes first. No guessed fix times, no blame.
 * `{status_url}` and `{statement}` are filled in from the page and the latest public update.
 */
export interface FaqAnswer {
  key: string;
  q: string;
  a: string;
}

export const DEFAULT_FAQ: readonly FaqAnswer[] = [
  {
    key: 'aware',
    q: 'Are you aware of the problem?',
    a: 'Yes, we are aware of the problem and our team is working on it. You can follow our updates at {status_url}.',
  },
  {
    key: 'when',
    q: 'When will it be fixed?',
    a: 'We do not have a time for the fix yet and would rather not guess. We will post the next update on {status_url} as soon as we know more.',
  },
  {
    key: 'statement',
    q: 'What is happening?',
    a: '{statement}\n\nWe will keep {status_url} up to date.',
  },
  {
    key: 'data',
    q: 'Is my data safe?',
    a: 'We have no sign that any data is affected. If that changes we will tell you directly.',
  },
  {
    key: 'credit',
    q: 'Will we get a service credit?',
    a: 'Once the incident is over we will review it against your service agreement, and your account manager will contact you about any credit.',
  },
];

/** An answer with the page's address and the current statement filled in. */
export function fillAnswer(a: string, v: { status_url: string; statement: string | null }): string {
  return a
    .replaceAll('{status_url}', v.status_url)
    .replaceAll(
      '{statement}',
      v.statement ?? 'We are investigating a problem and will post details shortly.',
    );
}

/**
 * The answers to offer: the incident's briefing FAQ first (approved for this incident, so every
 * customer hears what the briefed teams say), then the defaults it does not already answer.
 */
export function answersFor(briefingFaq: readonly { q: string; a: string }[] = []): FaqAnswer[] {
  const asked = new Set(briefingFaq.map((f) => f.q.trim().toLowerCase()));
  return [
    ...briefingFaq.map((f, i) => ({ key: `briefing_${i + 1}`, q: f.q, a: f.a })),
    ...DEFAULT_FAQ.filter((f) => !asked.has(f.q.trim().toLowerCase())),
  ];
}
