/** The words around a notification follow the reader's language; the update's text is the author's. */
import { describe, expect, it } from 'vitest';
import type { DeliveryEvent } from '../../src/domain/deliveryEvent.js';
import { readerKey } from '../../src/templates/chrome.js';
import { renderNotification } from '../../src/templates/notification.js';

const event = {
  kind: 'incident.created',
  notificationId: 'ntf_1',
  page: {
    id: 'p',
    name: 'Acme',
    url: 'https://status.acme.test',
    brand_color: '#0a7',
    time_zone: 'UTC',
    support_email: 'help@acme.test',
  },
  incident: { id: 'inc_1', name: 'API errors' },
  update: {
    status: 'investigating',
    body: 'We are **looking** into it.',
    next_update_at: '2026-11-26T12:30:00.000Z',
    affected_components: [{ name: 'API', new_status: 'major_outage' }],
  },
  links: { page: 'https://status.acme.test', incident: 'https://status.acme.test/incidents/inc_1' },
  generated_at: '2026-11-26T12:00:00.000Z',
} as unknown as DeliveryEvent;

describe('notification chrome', () => {
  it('is English by default, as before', async () => {
    const m = await renderNotification(event, 'UTC', null);
    expect(m.subject).toBe('[Acme] API errors: Investigating');
    expect(m.text).toContain('Affected: API (major outage)');
    expect(m.text).toContain('Next update by 12:30 UTC.');
    expect(m.text).toContain('Details: https://status.acme.test/incidents/inc_1');
    expect(m.text).toContain('Manage your subscription: ');
    expect(m.html).toContain('>Unsubscribe</a>');
    expect(m.short).toContain('Next update 12:30 UTC.');
  });

  it('is French for a French reader, German for a German one, and escaped in HTML', async () => {
    const fr = await renderNotification(event, 'Europe/Paris', 'fr-CA');
    expect(fr.subject).toBe('[Acme] API errors: Enquête en cours');
    expect(fr.text).toContain('Concerné: API (panne majeure)');
    expect(fr.text).toContain('Prochaine mise à jour avant');
    expect(fr.text).toContain('Gérer votre abonnement: ');
    expect(fr.text).toContain('We are looking into it.');
    expect(fr.html).toContain('>Se désabonner</a>');
    expect(fr.html).not.toContain('Unsubscribe');
    const de = await renderNotification(event, 'Europe/Berlin', 'de');
    expect(de.text).toContain('Betroffen: API (Großer Ausfall)');
    expect(de.html).toContain('Abonnement verwalten');
  });

  it('caches a rendering per time zone and language, or per locale for a template', () => {
    expect(readerKey(false, 'UTC', 'fr-CA')).toBe(readerKey(false, 'UTC', 'fr'));
    expect(readerKey(false, 'UTC', 'fr')).not.toBe(readerKey(false, 'UTC', 'de'));
    expect(readerKey(false, 'UTC', 'pt')).toBe(readerKey(false, 'UTC', 'en'));
    expect(readerKey(true, 'UTC', 'fr-CA')).not.toBe(readerKey(true, 'UTC', 'fr'));
  });
});
