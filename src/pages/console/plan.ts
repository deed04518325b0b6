/**
 * The plan builder: the overview (the total readiness score and each step's) and the frame of
 * each of the eight steps (what it is for, its score and gaps with links to fix them, the
 * step's own forms, and the way to the previous and next step).
 */
import { PLAN_STEPS, type StepScore } from '../../domain/planSteps.js';
import { type Html, html } from '../../lib/html.js';
import type { PlanBuilderData } from '../../store/queries/planBuilder.js';
import { type Errors, pill, type Values } from './parts.js';
import { stepApprovals, stepBackup, stepBriefing, stepCadence } from './planStepsRun.js';
import { stepChannels, stepSeverities, stepTeam, stepTemplates } from './planStepsTeam.js';

/** A form shown again with what was typed and its errors. */
export interface FormState {
  form: string;
  values: Values;
  errors: Errors;
}

export interface PlanScreen {
  data: PlanBuilderData;
  csrf: string;
  failed?: FormState;
}

/** What each step is for, in plain words (after the seed's eight steps). */
export const STEP_INTRO: Record<number, string> = {
  1: 'Decide who does what before anything breaks. Each role has a rotation: the people who take it, first on call first. When an incident is declared, Flare calls in the first person of each role the severity needs. Put two people on the incident lead and comms lead rotations, so someone covers when one is away.',
  2: 'Severities say how bad an incident is, and so who is called in and how loud the response is. Keep the names plain and say when to use each one, so nobody debates it in the moment.',
  3: 'Who hears about an incident, and where: customers and the public (status page, email, SMS and more) and your own team (email, SMS, Slack, Teams). Everyone on a rotation needs at least one way to be reached.',
  4: 'Prepared wording for every stage of an incident, so the first message goes out in minutes, not after a debate. Flare comes with one for each stage; make them sound like you.',
  5: 'Who says yes before a message goes public, and how long they may take. A short time box keeps approval from holding up the first post.',
  6: 'If your email or SMS provider, or Flare itself, is down, you still need to reach people: a second provider, and a copy of the status page somewhere else.',
  7: 'Enquiries will come in. Sales, account managers and support need the message and the answers to the questions customers will ask. Name the person who prepares their briefing.',
  8: 'Once you promise an update, keep the promise. Set how often updates go out, and when to post an interim update if the outage drags on (60 to 90 minutes is the practice). Afterwards, someone runs the debrief: what worked, and what did not.',
};

export function scorePill(score: number, critical: boolean): Html {
  return pill(`${score}%`, critical ? 'bad' : score >= 100 ? 'ok' : 'warn');
}

function stepper(steps: StepScore[], current: number | null): Html {
  return html`<nav class="plan-stepper" aria-label="Plan steps"><ol>
${steps.map(
  (s) =>
    html`<li class="${s.score >= 100 ? 'is-done' : ''}"><a href="/console/plan/${s.n}" ${s.n === current && html`aria-current="step"`}><span class="step-n" aria-hidden="true">${s.score >= 100 ? '✓' : s.n}</span><span class="step-t">${s.title}<span class="sr-only">, step ${s.n}, ${s.score}%</span></span></a></li>`,
)}
</ol></nav>`;
}

function gapList(step: StepScore): Html {
  if (step.gaps.length === 0)
    return html`<p class="empty">Nothing missing here. This step is done.</p>`;
  return html`<ul class="side-list gaps plan-gaps">${step.gaps.map(
    (g) =>
      html`<li>${g.severity === 'critical' ? pill('Critical', 'bad') : pill('Gap', 'warn')} <span>${g.message} <a href="${g.href}">Fix this</a></span></li>`,
  )}</ul>`;
}

export function planOverviewBody(s: PlanScreen): Html {
  const r = s.data.readiness;
  const next = s.data.steps.find((x) => x.score < 100);
  return html`<div class="page-title"><h1>Your comms plan</h1>
<p class="chint">Eight steps to a plan you can run an outage from. Each step takes a few minutes; the score shows what is left.</p></div>
<section class="card-pad plan-total" aria-labelledby="total-title">
<div class="block-head"><h2 id="total-title">Plan readiness</h2><span class="score ${!r.ready ? 'count-bad' : r.score >= 80 ? 'count-ok' : 'count-warn'}">${r.score}%</span></div>
<progress class="meter" max="100" value="${String(r.score)}" aria-labelledby="total-title">${r.score}%</progress>
<p class="chint">${r.ready ? 'No critical gaps: the plan can run an incident.' : `${r.gaps.filter((g) => g.severity === 'critical').length} critical gaps still stop the plan from running an incident.`} ${r.gaps.length === 1 ? '1 gap' : `${r.gaps.length} gaps`} in all.</p>
<p class="notice-actions">${next ? html`<a class="cbutton cbutton-primary" href="/console/plan/${next.n}">${next.n === 1 ? 'Start with step 1' : `Continue with step ${next.n}`}: ${next.title}</a>` : html`<a class="cbutton cbutton-primary" href="/console/plan/8#drill">Run a drill</a>`} ${next && r.ready && html`<a class="cbutton cbutton-quiet" href="/console/plan/8#drill">Run a drill</a>`} <a class="cbutton cbutton-quiet" href="/console?dashboard=1">Go to the dashboard</a></p>
</section>
<section aria-labelledby="steps-title"><h2 id="steps-title" class="sr-only">The eight steps</h2>
<ol class="plan-steps">${s.data.steps.map((st) => {
    const critical = st.gaps.some((g) => g.severity === 'critical');
    return html`<li class="card-pad"><span class="step-n" aria-hidden="true">${st.n}</span><div><h3><a href="/console/plan/${st.n}">${st.title}</a></h3><p class="chint">${st.gaps.length ? `${st.gaps.length} gap${st.gaps.length === 1 ? '' : 's'}: ${st.gaps[0].message}` : 'Done.'}</p></div>${scorePill(st.score, critical)}</li>`;
  })}</ol></section>`;
}

export function planStepBody(s: PlanScreen, n: number): Html {
  const step = s.data.steps[n - 1];
  const prev = PLAN_STEPS[n - 2];
  const next = PLAN_STEPS[n];
  const critical = step.gaps.some((g) => g.severity === 'critical');
  return html`<p class="back"><a href="/console/plan">← Plan overview</a></p>
${stepper(s.data.steps, n)}
<div class="page-title"><h1><span class="step-of">Step ${n} of 8</span> ${step.title}</h1></div>
<p class="plan-intro">${STEP_INTRO[n]}</p>
<div class="plan-grid">
<div class="plan-main">${STEP_BODIES[n](s)}</div>
<aside class="plan-side"><section class="card-pad" aria-labelledby="step-score">
<div class="block-head"><h2 id="step-score">This step</h2>${scorePill(step.score, critical)}</div>
${gapList(step)}
<p class="chint">Whole plan: <strong>${s.data.readiness.score}%</strong> ready.</p>
</section></aside>
</div>
<nav class="plan-pager" aria-label="Previous and next step">
${prev ? html`<a class="cbutton cbutton-quiet" href="/console/plan/${prev.n}">← Step ${prev.n}: ${prev.title}</a>` : html`<a class="cbutton cbutton-quiet" href="/console/plan">← Overview</a>`}
${next ? html`<a class="cbutton cbutton-primary" href="/console/plan/${next.n}">Next: ${next.title} →</a>` : html`<a class="cbutton cbutton-quiet" href="/console/plan">Back to the overview</a>`}
</nav>`;
}

const STEP_BODIES: Record<number, (s: PlanScreen) => Html> = {
  1: stepTeam,
  2: stepSeverities,
  3: stepChannels,
  4: stepTemplates,
  5: stepApprovals,
  6: stepBackup,
  7: stepBriefing,
  8: stepCadence,
};
