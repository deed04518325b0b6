/**
 * Templates through the admin API: listing, adding and editing (Liquid checked, wording edits
 * lose pre-approval, audited), and the preview for every channel, locale, time zone and sample
 * reader, with each linter rule reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updatePage } from '../../src/actions/updatePage.js';
import { TEMPLATE_CHANNELS } from '../../src/domain/templates.js';
import { previewOut, templateOut } from '../../src/http/planSchemas.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';

describeEachEngine('templates through the admin API', (engine) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await makeApiHarness(engine);
    // no support address on the page: the "no contact route" rule can speak
    await updatePage(h.app.ctx(), { name: 'Acme', url: 'https://status.acme.test' });
  });
  afterAll(() => h.close());

  const preview = async (key: string, body: unknown, query = '') => {
    const r = await h.call('read', 'POST', `/api/v1/templates/${key}/preview${query}`, body);
    expect(r.status, r.body).toBe(200);
    expect(previewOut.safeParse(r.json).error).toBeUndefined();
    return r.json as {
      renderings: Record<string, string>;
      findings: { rule: string; severity: string }[];
      locale: string;
      time_zone: string;
      template: { locale: string };
    };
  };
  const rules = (p: { findings: { rule: string }[] }) => p.findings.map((f) => f.rule).sort();

  it('lists the built-in library by locale and stage, and finds a template by id or key', async () => {
    const all = await h.call('read', 'GET', '/api/v1/templates');
    expect(all.status).toBe(200);
    for (const t of all.json.templates) expect(templateOut.safeParse(t).error).toBeUndefined();
    const fr = await h.call('read', 'GET', '/api/v1/templates?locale=fr&stage=resolved');
    expect(fr.json.templates.map((t: { key: string }) => t.key)).toEqual(['resolved']);
    expect(fr.json.templates[0]).toMatchObject({ locale: 'fr', builtin: true, pre_approved: true });
    const byKey = await h.call('read', 'GET', '/api/v1/templates/investigating?locale=de');
    expect(byKey.json.locale).toBe('de');
    const byId = await h.call('read', 'GET', `/api/v1/templates/${byKey.json.id}`);
    expect(byId.json).toEqual(byKey.json);
    expect((await h.call('read', 'GET', '/api/v1/templates/nope')).status).toBe(404);
  });

  describe('preview', () => {
    const vars = {
      issue: 'failed logins',
      contact: 'help@acme.test',
      next_update_at: '2026-01-15T13:30:00Z',
    };

    it('renders every channel in French with the time in the reader’s zone', async () => {
      const p = await preview('investigating', { locale: 'fr', time_zone: 'Europe/Paris', vars });
      expect(Object.keys(p.renderings).sort()).toEqual([...TEMPLATE_CHANNELS].sort());
      expect(p).toMatchObject({ locale: 'fr', time_zone: 'Europe/Paris' });
      expect(p.template.locale).toBe('fr');
      for (const ch of ['page', 'sms', 'social', 'email', 'slack', 'teams']) {
        expect(p.renderings[ch], ch).toContain('14:30 CET');
        expect(p.renderings[ch], ch).not.toContain('13:30');
      }
      expect(p.renderings.page).toContain('Prochaine mise à jour au plus tard à 14:30 CET.');
      expect(p.renderings.email_subject).toBe('[Acme] Sample incident: Investigating');
      expect(rules(p)).toEqual([]);
      for (const ch of TEMPLATE_CHANNELS) {
        const one = await preview('investigating', {
          channel: ch,
          locale: 'fr',
          time_zone: 'Europe/Paris',
          vars,
        });
        expect(Object.keys(one.renderings)).toEqual([ch]);
        expect(one.renderings[ch]).toBe(p.renderings[ch]);
      }
    });

    it('renders for a sample reader: their zone, their language and their name', async () => {
      const p = await preview('investigating', {
        channel: 'sms',
        vars,
        sample_recipient: { name: 'Dana', time_zone: 'America/New_York', locale: 'en' },
      });
      expect(p.renderings.sms).toContain('08:30 EST');
      const de = await preview(
        'investigating',
        { channel: 'page', time_zone: 'Europe/Berlin', vars },
        '?locale=de',
      );
      expect(de.template.locale).toBe('de');
      expect(de.renderings.page).toContain('14:30');
    });

    it('fills in an incident: its name, link, components and promised next update', async () => {
      const c = await h.call('write', 'POST', '/api/v1/components', { name: 'Checkout' });
      const i = await h.call('write', 'POST', '/api/v1/incidents', {
        name: 'Checkout errors',
        body: 'x',
        components: { [c.json.id]: 'partial_outage' },
        next_update_in_minutes: 30,
      });
      const p = await preview('investigating', {
        incident_id: i.json.id,
        vars: { issue: 'checkout errors', contact: 'help@acme.test' },
      });
      expect(p.renderings.page).toContain('affecting Checkout');
      expect(p.renderings.email_subject).toBe('[Acme] Checkout errors: Investigating');
      expect(p.renderings.social).toContain(`https://status.acme.test/incidents/${i.json.id}`);
      expect(rules(p)).not.toContain('missing_next_update');
    });

    it('reports every linter rule', async () => {
      const ok = await preview('investigating', { vars });
      expect(rules(ok)).toEqual([]);
      const noNext = await preview('investigating', { vars: { ...vars, next_update_at: '' } });
      expect(rules(noNext)).toContain('missing_next_update');
      const noContact = await preview('investigating', { vars: { ...vars, contact: '' } });
      expect(rules(noContact)).toEqual(['no_contact_route']);
      const unresolved = await preview('investigating', { vars: { ...vars, issue: '' } });
      expect(rules(unresolved)).toEqual(['unresolved_variables']);
      const long = await preview('investigating', {
        vars: { ...vars, issue: `failed logins ${'for customers in every region '.repeat(5)}` },
      });
      expect(rules(long)).toEqual(['sms_multi_segment']);
      const longer = await preview('investigating', {
        vars: { ...vars, issue: `failed logins ${'for customers in every region '.repeat(9)}` },
      });
      // a preview takes an issue longer than declaring would (200 characters) and says so
      expect(rules(longer)).toEqual(['sms_multi_segment', 'social_too_long', 'var_too_long']);
      const estimate = await preview('investigating', { vars: { ...vars, estimate: '15:00 UTC' } });
      expect(rules(estimate)).toEqual(['unconfirmed_estimate']);
      expect(estimate.findings[0].severity).toBe('error');
      const confirmed = await preview('investigating', {
        vars: { ...vars, estimate: '15:00 UTC', estimate_confirmed: true },
      });
      expect(rules(confirmed)).toEqual(['estimate_set']);
      expect(confirmed.findings[0].severity).toBe('warning');
      // a final stage promises no next update
      const resolved = await preview('resolved', {
        vars: { issue: 'x', contact: 'c', data_loss: 'No data was lost.' },
      });
      expect(rules(resolved)).toEqual([]);
      // without a data-loss statement, the default "none was lost" must be confirmed
      const unstated = await preview('resolved', { vars: { issue: 'x', contact: 'c' } });
      expect(rules(unstated)).toEqual(['data_loss_unstated']);
    });
  });

  it('reports, per channel, what a "Something broke." template leaves out', async () => {
    const made = await h.call('admin', 'POST', '/api/v1/templates', {
      key: 'broke',
      stage: 'investigating',
      name: 'Broke',
      renderings: { page: 'Something broke.', sms: 'Something broke.', social: 'Something broke.' },
    });
    expect(made.status, made.body).toBe(201);
    const p = (await h.call('read', 'POST', '/api/v1/templates/broke/preview', {
      vars: {
        issue: 'failed logins',
        contact: 'help@acme.test',
        next_update_at: '2026-01-15T13:30:00Z',
      },
    })) as {
      json: { findings: { rule: string; severity: string; message: string; channel?: string }[] };
    };
    const byChannel: Record<string, string[]> = {};
    for (const f of p.json.findings) {
      const ch = f.channel ?? '-';
      byChannel[ch] = [...(byChannel[ch] ?? []), f.rule];
    }
    const all = ['no_help_route', 'no_issue', 'no_next_update_time', 'not_worked_on'];
    expect(Object.fromEntries(Object.entries(byChannel).map(([c, r]) => [c, r.sort()]))).toEqual({
      page: all,
      email: all,
      sms: all,
      slack: all,
      teams: all,
      social: all,
    });
    const messages = p.json.findings.map((f) => f.message);
    expect(messages).toContain(
      'sms: no next update time (13:30 UTC does not appear). Readers were promised one: show it with {{ next_update_at | local_time }}.',
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/^page: does not say it is being worked on/),
    );
    // the missing time is an error: declaring with it is refused, naming the channels
    const d = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      template: 'broke',
      severity: 'SEV3',
      vars: { issue: 'failed logins', contact: 'help@acme.test' },
    });
    expect(d.status, d.body).toBe(400);
    expect(Object.keys(d.json.error.fields)).toContain('template.sms');
  });

  describe('editing', () => {
    it('adds a template only when every channel’s Liquid parses', async () => {
      const body = {
        key: 'payments_degraded',
        stage: 'investigating',
        name: 'Payments degraded',
        renderings: {
          page: 'Card payments are slow. {{ contact }}',
          sms: 'Payments slow {% if x %}',
          social: 'Payments {{ issue | no_such_filter }}',
        },
      };
      const bad = await h.call('admin', 'POST', '/api/v1/templates', body);
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.json.error.fields).sort()).toEqual([
        'renderings.sms',
        'renderings.social',
      ]);
      expect(bad.json.error.fields['renderings.sms']).toMatch(/not valid Liquid/);
      const good = {
        ...body,
        renderings: { ...body.renderings, sms: 'Payments slow', social: 'x' },
      };
      expect((await h.call('write', 'POST', '/api/v1/templates', good)).status).toBe(403);
      const made = await h.call('admin', 'POST', '/api/v1/templates', good);
      expect(made.status, made.body).toBe(201);
      expect(made.json).toMatchObject({
        key: 'payments_degraded',
        pre_approved: false,
        builtin: false,
      });
      expect((await h.call('admin', 'POST', '/api/v1/templates', good)).status).toBe(409);
    });

    it('takes pre-approval away from an edited built-in unless the admin keeps it, and audits it', async () => {
      const before = await h.call('read', 'GET', '/api/v1/templates/monitoring?locale=en');
      const renamed = await h.call('admin', 'PATCH', '/api/v1/templates/monitoring', {
        name: 'Watching',
      });
      expect(renamed.json).toMatchObject({ name: 'Watching', pre_approved: true });
      const edited = await h.call('admin', 'PATCH', '/api/v1/templates/monitoring', {
        renderings: { sms: 'Fix live for {{ issue }}. Next: {{ next_update_at | local_time }}' },
      });
      expect(edited.status, edited.body).toBe(200);
      expect(edited.json.pre_approved).toBe(false);
      expect(edited.json.renderings.sms).toContain('Fix live');
      expect(edited.json.renderings.page).toBe(before.json.renderings.page);
      const kept = await h.call('admin', 'PATCH', `/api/v1/templates/${edited.json.id}`, {
        renderings: { sms: 'Fix live for {{ issue }}.' },
        pre_approved: true,
      });
      expect(kept.json.pre_approved).toBe(true);
      const bad = await h.call('admin', 'PATCH', '/api/v1/templates/monitoring', {
        renderings: { page: '{{ issue ' },
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.json.error.fields)).toEqual(['renderings.page']);
      const fr = await h.call('read', 'GET', '/api/v1/templates/monitoring?locale=fr');
      expect(fr.json.pre_approved).toBe(true); // only the English variant was edited
      const audit = await h.call('admin', 'GET', `/api/v1/audit?entity_id=${edited.json.id}`);
      expect(audit.json.entries.map((e: { action: string }) => e.action)).toEqual([
        'template.update',
        'template.update',
        'template.update',
      ]);
    });
  });
});
