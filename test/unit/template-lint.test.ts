/**
 * The linter reads what each reader gets: every channel, rendered, is checked for the seed's
 * five elements. The built-in library passes clean in every language; "Something broke." does not.
 */
import { describe, expect, it } from 'vitest';
import { type ChannelText, elementFindings } from '../../src/domain/lintElements.js';
import { TEMPLATE_CHANNELS, type TemplateDef } from '../../src/domain/templates.js';
import { compose } from '../../src/templates/compose.js';
import { LIBRARY } from '../../src/templates/library/index.js';

const context = {
  pageName: 'Acme',
  // a real incident link: the SMS must fit one segment with it
  statusUrl: 'https://status.acme.test/incidents/01JH8W3K2X9V7Q4M5N6P0R1S2T',
  incidentName: 'Failed logins',
  components: ['Sign-in', 'API'],
  contact: 'support@acme.test',
};
const vars = {
  issue: 'failed logins',
  next_update_at: '2026-01-15T13:30:00Z',
  data_loss: 'No data was lost.',
  window_start: '2026-01-20T22:00:00Z',
  window_end: '2026-01-21T01:00:00Z',
  postmortem_url: 'https://acme.test/reviews/failed-logins',
};
const READERS = {
  en: { locale: 'en', timeZone: 'America/New_York' },
  fr: { locale: 'fr', timeZone: 'Europe/Paris' },
  de: { locale: 'de', timeZone: 'Europe/Berlin' },
};

const rules = (f: { rule: string; channel?: string }[]) =>
  f.map((x) => (x.channel ? `${x.channel}: ${x.rule}` : x.rule)).sort();

describe('the five elements in one channel', () => {
  const sms = (text: string, more: Partial<ChannelText['vars']> = {}): ChannelText => ({
    channel: 'sms',
    text,
    locale: 'en',
    vars: {
      issue: 'failed logins',
      next_update_at: '08:30 EST',
      contact: 'help@acme.test',
      status_url: 'https://status.acme.test/incidents/1',
      ...more,
    },
  });

  it('finds all four missing in "Something broke."', () => {
    const f = elementFindings(sms('Something broke.'));
    expect(rules(f)).toEqual([
      'sms: no_help_route',
      'sms: no_issue',
      'sms: no_next_update_time',
      'sms: not_worked_on',
    ]);
    expect(f.map((x) => x.message)).toContainEqual(
      expect.stringMatching(/^sms: no next update time \(08:30 EST/),
    );
    expect(f.find((x) => x.rule === 'not_worked_on')?.message).toMatch(
      /^sms: does not say it is being worked on/,
    );
    expect(f.find((x) => x.rule === 'no_next_update_time')?.severity).toBe('error');
  });

  it('passes a real SMS, where the status link is the help route', () => {
    const text =
      'Acme: investigating failed logins. Next update 08:30 EST. https://status.acme.test/incidents/1';
    expect(elementFindings(sms(text))).toEqual([]);
    // without the link there is no way to get help
    expect(rules(elementFindings(sms(text.replace(/ https.*/, ''))))).toEqual([
      'sms: no_help_route',
    ]);
  });

  it('does not count the status link as help on the status page itself, but a contact does', () => {
    const page = (text: string): ChannelText => ({ ...sms(text), channel: 'page' });
    const base = 'We are investigating failed logins. We will post the next update by 08:30 EST.';
    expect(rules(elementFindings(page(`${base} https://status.acme.test/incidents/1`)))).toEqual([
      'page: no_help_route',
    ]);
    expect(elementFindings(page(`${base} Contact help@acme.test.`))).toEqual([]);
    expect(elementFindings(page(`${base} Help: https://help.acme.test/logins`))).toEqual([]);
  });

  it('knows "being worked on" in French and German, and word starts only', () => {
    const fr = (text: string): ChannelText => ({ ...sms(text), locale: 'fr' });
    const frText =
      'Acme : incident (failed logins). Prochaine info avant 08:30 EST. https://status.acme.test/incidents/1';
    expect(rules(elementFindings(fr(frText)))).toEqual(['sms: not_worked_on']);
    expect(
      elementFindings(fr(frText.replace('incident', 'nous enquêtons sur un incident'))),
    ).toEqual([]);
    const de: ChannelText = {
      ...sms(
        'Acme: Wir untersuchen eine Störung (failed logins). Nächstes Update bis 08:30 EST. https://status.acme.test/incidents/1',
      ),
      locale: 'de-AT',
    };
    expect(elementFindings(de)).toEqual([]);
    // "network" does not say anyone is working
    expect(
      rules(
        elementFindings(
          sms('Acme: network trouble, failed logins. Next update 08:30 EST. help@acme.test'),
        ),
      ),
    ).toEqual(['sms: not_worked_on']);
  });

  it('asks for the estimate only when one is given', () => {
    const text =
      'Acme: investigating failed logins. Next update 08:30 EST. https://status.acme.test/incidents/1';
    expect(elementFindings(sms(text))).toEqual([]);
    expect(rules(elementFindings(sms(text, { estimate: '10:00 EST' })))).toEqual([
      'sms: estimate_not_shown',
    ]);
    expect(
      elementFindings(sms(`${text} Fix expected by 10:00 EST.`, { estimate: '10:00 EST' })),
    ).toEqual([]);
  });

  it('without a time to look for, looks for the words', () => {
    const text = 'Acme: investigating failed logins. https://status.acme.test/incidents/1';
    expect(rules(elementFindings(sms(text, { next_update_at: '' })))).toEqual([
      'sms: no_next_update_time',
    ]);
    expect(elementFindings(sms(`${text} Next update soon.`, { next_update_at: '' }))).toEqual([]);
  });
});

describe('a composed message', () => {
  const custom: TemplateDef = {
    key: 'broke',
    stage: 'investigating',
    name: 'Broke',
    page: 'Something broke.',
    sms: 'Something broke.',
    social: 'Something broke.',
  };

  it('reports every channel of "Something broke." and nothing for a resolution', () => {
    const c = compose(custom, vars, context, READERS.en);
    const byChannel = new Map<string, string[]>();
    for (const f of c.findings)
      byChannel.set(f.channel!, [...(byChannel.get(f.channel!) ?? []), f.rule]);
    expect([...byChannel.keys()].sort()).toEqual(
      TEMPLATE_CHANNELS.filter((ch) => ch !== 'email_subject').sort(),
    );
    for (const [, r] of byChannel)
      expect(r.sort()).toEqual([
        'no_help_route',
        'no_issue',
        'no_next_update_time',
        'not_worked_on',
      ]);
    const messages = c.findings.map((f) => f.message);
    expect(messages).toContainEqual(expect.stringMatching(/^sms: no next update time \(08:30 EST/));
    expect(messages).toContain(
      'page: does not say it is being worked on. Say that the team is on it (e.g. “we are investigating”, “a fix is in progress”).',
    );
    const resolved = compose({ ...custom, stage: 'resolved' }, vars, context, READERS.en);
    expect(resolved.findings).toEqual([]);
  });
});

describe('the built-in library', () => {
  for (const [locale, reader] of Object.entries(READERS)) {
    for (const def of LIBRARY[locale]) {
      it(`${locale} ${def.key} lints clean on every channel, and its SMS is one segment`, () => {
        const c = compose(def, vars, context, reader);
        expect(c.findings, JSON.stringify(c.renderings, null, 1)).toEqual([]);
        const withEstimate = compose(
          def,
          { ...vars, estimate: '16:00', estimate_confirmed: true },
          context,
          reader,
        );
        // a confirmed estimate is shown on every channel, and the SMS still fits one segment
        expect(
          rules(withEstimate.findings).filter((r) => r !== 'estimate_set'),
          JSON.stringify(withEstimate.renderings, null, 1),
        ).toEqual([]);
      });
    }
  }
});
