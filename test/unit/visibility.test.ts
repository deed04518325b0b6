/** Who sees which incidents and updates on each audience's private page. */
import { describe, expect, it } from 'vitest';
import { audienceView, selectsAccounts } from '../../src/domain/visibility.js';

type U = { id: string; visibility: 'public' | 'audiences'; audiences: string[] };
type I = { id: string; visibility: 'public' | 'audiences'; component_ids: string[]; updates: U[] };

const pub = (id: string): U => ({ id, visibility: 'public', audiences: [] });
const only = (id: string, ...audiences: string[]): U => ({
  id,
  visibility: 'audiences',
  audiences,
});
const incident = (
  id: string,
  component_ids: string[],
  updates: U[],
  visibility: 'public' | 'audiences' = 'public',
): I => ({ id, visibility, component_ids, updates });

const ids = (xs: I[]) => xs.map((i) => `${i.id}:${i.updates.map((u) => u.id).join(',')}`);

const all: I[] = [
  incident('api', ['c-api'], [only('api-vip', 'vip'), pub('api-1')]),
  incident('billing', ['c-bill'], [pub('bill-1'), only('bill-small', 'small')]),
  incident('page-wide', [], [pub('pw-1')]),
  incident('secret', ['c-bill'], [only('s-1', 'vip'), only('s-2', 'vip', 'small')], 'audiences'),
];

describe('audienceView', () => {
  it('shows public incidents touching its components, page-wide ones, and any incident with an update naming it', () => {
    expect(ids(audienceView(all, 'vip', new Set(['c-api'])))).toEqual([
      'api:api-vip,api-1',
      'page-wide:pw-1',
      'secret:s-1,s-2',
    ]);
  });

  it('shows only the updates of an audience-only incident that name this audience', () => {
    expect(ids(audienceView(all, 'small', new Set(['c-bill'])))).toEqual([
      'billing:bill-1,bill-small',
      'page-wide:pw-1',
      'secret:s-2',
    ]);
  });

  it('never shows an audience-only incident that names the audience in none of its updates', () => {
    expect(ids(audienceView(all, 'other', null))).toEqual([
      'api:api-1',
      'billing:bill-1',
      'page-wide:pw-1',
    ]);
  });
});

describe('selectsAccounts', () => {
  it('is true for account-level filters only', () => {
    expect(selectsAccounts({})).toBe(false);
    expect(selectsAccounts({ roles: ['technical'], affected_only: true })).toBe(false);
    expect(selectsAccounts({ tiers: ['enterprise'] })).toBe(true);
    expect(selectsAccounts({ key_only: true })).toBe(true);
    expect(selectsAccounts({ tags: ['beta'] })).toBe(true);
  });
});
