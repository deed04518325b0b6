/** Reading Statuspage's /api/v2 documents and its subscriber export (domain/statuspage.ts). */
import { describe, expect, it } from 'vitest';
import { readComponents, readIncidents, subscriberFields } from '../../src/domain/statuspage.js';

describe('readComponents and readIncidents', () => {
  it('names the field of a document that is not Statuspage JSON', () => {
    expect(() => readComponents({ page: {} })).toThrow(/components/);
    expect(() =>
      readComponents({ components: [{ id: 'a', name: 'A', status: 'sleepy' }] }),
    ).toThrow(
      expect.objectContaining({
        fields: { 'components[0].status': expect.stringMatching(/must be one of operational/) },
      }),
    );
    expect(() =>
      readIncidents(
        {
          incidents: [
            { id: 'i', name: 'I', status: 'resolved', impact: 'minor', created_at: 'yesterday' },
          ],
        },
        'incident',
      ),
    ).toThrow(
      expect.objectContaining({ fields: { 'incidents[0].created_at': 'must be a date and time' } }),
    );
  });

  it('orders updates oldest first and keeps only affected components with a known status', () => {
    const [i] = readIncidents(
      {
        incidents: [
          {
            id: 'i',
            name: 'I',
            status: 'resolved',
            impact: 'major',
            created_at: '2026-01-01T10:00:00Z',
            incident_updates: [
              {
                id: 'u2',
                status: 'resolved',
                body: 'Done',
                created_at: '2026-01-01T11:00:00Z',
                display_at: '2026-01-01T11:00:00Z',
              },
              {
                id: 'u1',
                status: 'investigating',
                body: 'Looking',
                created_at: '2026-01-01T10:00:00Z',
                affected_components: [
                  { code: 'c', old_status: 'operational', new_status: 'major_outage' },
                  { code: 'd', new_status: 'on_fire' },
                ],
              },
            ],
          },
        ],
      },
      'incident',
    );
    expect(i.updates.map((u) => u.id)).toEqual(['u1', 'u2']);
    expect(i.updates[0].affected).toEqual([
      { code: 'c', old_status: 'operational', new_status: 'major_outage' },
    ]);
  });
});

describe('subscriberFields', () => {
  it('maps each kind of row, with the calling code of the phone country', () => {
    expect(
      subscriberFields({ Type: 'email', Email: 'a@x.example', Components: 'API; Web' }).fields,
    ).toEqual({
      channel: 'email',
      email: 'a@x.example',
      components: 'API;Web',
    });
    expect(
      subscriberFields({ type: 'sms', 'phone number': '020 7946 0018', 'phone country': 'GB' })
        .fields,
    ).toEqual({
      channel: 'sms',
      phone: '+442079460018',
    });
    expect(
      subscriberFields({ type: 'sms', 'phone number': '5550123', 'phone country': 'ZZ' }).problem,
    ).toEqual({
      phone_country: expect.stringMatching(/not a country Flare knows \(ZZ\)/),
    });
    expect(subscriberFields({ type: 'slack' }).problem?.type).toMatch(
      /must be email, sms or webhook/,
    );
  });
});
