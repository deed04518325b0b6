/** The alert intake's pure rules (domain/alerts.ts) and the vendors' readers, with plain inputs. */
import { describe, expect, it } from 'vitest';
import {
  flapMinutes,
  groupKeyOf,
  type IncomingAlert,
  mappedSeverity,
  proposedComponents,
  tagLabels,
} from '../../src/domain/alerts.js';
import { alertSource } from '../../src/inbound/alerts/registry.js';

const alert = (o: Partial<IncomingAlert> = {}): IncomingAlert => ({
  fingerprint: 'f',
  group: 'g',
  status: 'firing',
  title: 'T',
  labels: {},
  ...o,
});

describe('alert rules', () => {
  it('groups by the vendor group, by labels, or all together', () => {
    const a = alert({ labels: { service: 'api', zone: 'eu' } });
    expect(groupKeyOf(a, {})).toBe('g');
    expect(groupKeyOf(a, { group_by: ['service', 'zone'] })).toBe('service=api,zone=eu');
    expect(groupKeyOf(a, { group: 'all' })).toBe('all');
  });

  it('proposes the worst status per component, from labels, rules and the payload, for firing alerts only', () => {
    const m = {
      components: { api: 'C1' },
      status: 'partial_outage' as const,
      rules: [
        {
          match: { zone: ['eu', 'us'] },
          components: ['C1', 'C2'],
          status: 'major_outage' as const,
        },
      ],
    };
    expect(
      proposedComponents(
        [
          alert({ labels: { service: 'api' } }),
          alert({ labels: { zone: 'us' } }),
          alert({ labels: { service: 'api', zone: 'eu' }, status: 'resolved' }),
          alert({ components: { C3: 'degraded_performance' } }),
        ],
        m,
      ),
    ).toEqual({ C1: 'major_outage', C2: 'major_outage', C3: 'degraded_performance' });
    expect(proposedComponents([alert({ labels: { zone: 'asia' } })], m)).toEqual({});
  });

  it('maps severities case-insensitively, with * for any, or one key for all', () => {
    expect(
      mappedSeverity([alert({ severity: 'Critical' })], { severity: { critical: 'SEV1' } }),
    ).toBe('SEV1');
    expect(
      mappedSeverity([alert({ severity: 'info' })], {
        severity: { critical: 'SEV1', '*': 'SEV3' },
      }),
    ).toBe('SEV3');
    expect(mappedSeverity([alert()], { severity: 'SEV2' })).toBe('SEV2');
    expect(mappedSeverity([alert()], {})).toBeUndefined();
  });

  it('reads the flap window from the plan settings (5 by default, 0 allowed)', () => {
    expect(flapMinutes({})).toBe(5);
    expect(flapMinutes({ alert_flap_minutes: '0' })).toBe(0);
    expect(flapMinutes({ alert_flap_minutes: 'x' })).toBe(5);
  });

  it('turns key:value tags into labels', () => {
    expect(tagLabels('env:prod, service:billing, canary')).toEqual({
      env: 'prod',
      service: 'billing',
      canary: 'true',
    });
  });
});

describe('alert readers', () => {
  it('Datadog: the default payload carries the transition in its title, maybe after a priority', () => {
    const r = alertSource('datadog').read({ title: '[P2] [Recovered] Disk full', id: '1' });
    expect(r).toMatchObject({
      alerts: [{ status: 'resolved', title: 'Disk full', severity: 'P2' }],
    });
  });

  it('names the missing field', () => {
    expect(() => alertSource('alertmanager').read({ version: '4', alerts: [] })).toThrow(/alerts/);
    expect(() => alertSource('generic').read({ title: 'x', status: 'firing' })).toThrow(
      /group_key/,
    );
    expect(() => alertSource('generic').read({ group_key: 'k', title: 'x', status: 'up' })).toThrow(
      /status/,
    );
    expect(() =>
      alertSource('pagerduty').read({ event: { event_type: 'incident.triggered', data: {} } }),
    ).toThrow(/event.data.id/);
  });
});
