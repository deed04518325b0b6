/**
 * `flare subscribers import`, run as the real CLI against a real database: a 10,000-row CSV
 * with duplicates and bad rows, every rejected row reported with its line, chunked upserts
 * with one audit entry per chunk, and a re-import that changes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../src/actions/context.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { IMPORT_CHUNK } from '../../src/actions/importSubscribers.js';
import { unsubscribe } from '../../src/actions/unsubscribe.js';
import { type App, openApp } from '../../src/app.js';
import { sign } from '../../src/lib/signing.js';
import { getSubscriber } from '../../src/store/queries/subscribers.js';
import { ENGINES } from '../helpers/app.js';
import { pgSchema, runCli } from '../helpers/cli.js';

const flare = (dbUrl: string, ...args: string[]) =>
  runCli(args, { dbUrl, env: { FLARE_ALLOW_PRIVATE_NETWORK: '1' } });

interface Expected {
  valid: number;
  rejected: Map<number, string>;
}

/** 10,000 data rows: emails (some quoted, CRLF), SMS, webhooks, duplicates and bad rows. */
function bigCsv(): { text: string; expected: Expected } {
  const lines = ['channel,address,components,locale,time_zone'];
  const rejected = new Map<number, string>();
  let valid = 0;
  for (let i = 1; i <= 10_000; i++) {
    const line = i + 1;
    if (i % 500 === 0) {
      lines.push(`email,bad${i}@,,,`);
      rejected.set(line, 'address must be an email address');
    } else if (i % 500 === 1 && i > 1) {
      lines.push(`email,u${i}@example.com,Nope,,`);
      rejected.set(line, 'components "Nope" is not a known component id or name');
    } else if (i % 500 === 2 && i > 2) {
      lines.push(`email,u${i}@example.com,,,Mars/Base`);
      rejected.set(line, 'time_zone must be an IANA time zone such as Europe/London');
    } else if (i % 100 === 0) {
      // the same address as 50 rows earlier, in other letters
      lines.push(`email,U${i - 50}@EXAMPLE.com,,,`);
      rejected.set(line, `address repeats line ${i - 50 + 1}`);
    } else if (i % 10 === 3) {
      lines.push(`sms,+4477009${String(i).padStart(5, '0')},api,,`);
      valid++;
    } else if (i % 97 === 0 && i % 50 !== 0) {
      lines.push(`webhook,"https://hooks.example.com/h?i=${i},x",,,`);
      valid++;
    } else {
      const components = i % 3 === 0 ? '"API;Database"' : i % 3 === 1 ? 'API' : '';
      lines.push(`email,u${i}@example.com,${components},${i % 2 ? 'en' : 'fr-FR'},Europe/London`);
      valid++;
    }
  }
  lines.push('email,extra@example.com,,,,surplus');
  rejected.set(10_002, '(row) has 6 fields but the header has 5');
  return { text: `${lines.join('\r\n')}\r\n`, expected: { valid, rejected } };
}

for (const engine of ENGINES) {
  describe(`flare subscribers import [${engine}]`, { timeout: 180_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'flare-import-'));
    let url = `sqlite:${join(dir, 'flare.db')}`;
    const schema = pgSchema('imp');
    let app: App;
    const big = bigCsv();
    const file = join(dir, 'subscribers.csv');

    beforeAll(async () => {
      if (engine === 'postgres') {
        await schema.create();
        url = schema.url;
      }
      app = await openApp({ config: { databaseUrl: url, logLevel: 'silent' } });
      await createComponent(app.ctx(), { name: 'API' });
      await createComponent(app.ctx(), { name: 'Database' });
      writeFileSync(file, big.text);
    });
    afterAll(async () => {
      await app?.close();
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') await schema.drop();
    });

    const count = async () =>
      Number(
        (
          await app.store.db
            .selectFrom('subscribers')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('imports 10,000 rows in chunks, reporting every rejected row with its line', async () => {
      const r = await flare(url, 'subscribers', 'import', file, '--confirmed', '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ created: big.expected.valid, updated: 0, unchanged: 0 });
      const got = new Map<number, string>(
        out.rejected.map((x: { line: number; fields: Record<string, string> }) => [
          x.line,
          Object.entries(x.fields)
            .map(([k, v]) => `${k} ${v}`)
            .join('; '),
        ]),
      );
      expect(got).toEqual(big.expected.rejected);
      expect(await count()).toBe(big.expected.valid);

      const pick = async (address: string) => {
        const row = await app.store.db
          .selectFrom('subscribers')
          .select('id')
          .where('address_key', '=', address)
          .executeTakeFirstOrThrow();
        return (await getSubscriber(app.store.db, row.id))!;
      };
      const u4 = await pick('u4@example.com');
      expect(u4).toMatchObject({ state: 'active', locale: 'fr-FR', time_zone: 'Europe/London' });
      expect(u4.components).toHaveLength(1);
      expect((await pick('u5@example.com')).components).toBeNull();
      expect((await pick('u6@example.com')).components).toHaveLength(2);
      expect((await pick('https://hooks.example.com/h?i=97,x')).channel).toBe('webhook');
      const sms = await app.store.db
        .selectFrom('subscribers')
        .select(['state', 'address'])
        .where('channel', '=', 'sms')
        .execute();
      expect(sms.length).toBeGreaterThan(900);
      expect(sms.every((s) => s.state === 'active' && s.address.startsWith('+4477009'))).toBe(true);
      // confirmed imports send no confirmations
      const confirms = await app.store.db
        .selectFrom('notifications')
        .select('id')
        .where('kind', '=', 'subscriber.confirm')
        .execute();
      expect(confirms).toEqual([]);
      const audit = await app.store.db
        .selectFrom('audit_log')
        .select(['after', 'actor'])
        .where('action', '=', 'subscriber.import')
        .execute();
      expect(audit.length).toBe(Math.ceil(big.expected.valid / IMPORT_CHUNK));
      const sum = audit.map((a) => JSON.parse(a.after!)).reduce((n, a) => n + a.created, 0);
      expect(sum).toBe(big.expected.valid);
      expect(audit.every((a) => a.actor === 'cli')).toBe(true);
    });

    it('re-imports the same file without changing anything, and --strict exits 2 on rejections', async () => {
      const r = await flare(url, 'subscribers', 'import', file, '--confirmed', '--strict');
      expect(r.code).toBe(2);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe(
        `Imported ${file}: 0 created, 0 updated, ${big.expected.valid} unchanged, ${big.expected.rejected.size} rejected.`,
      );
      expect(lines.slice(1)).toEqual(
        [...big.expected.rejected].map(([line, why]) => `line ${line}: ${why}`),
      );
      expect(await count()).toBe(big.expected.valid);
    });

    it('updates known addresses, re-activates an unsubscribed one only when the row says confirmed, and asks new ones to confirm', async () => {
      const u7 = await app.store.db
        .selectFrom('subscribers')
        .select('id')
        .where('address_key', '=', 'u7@example.com')
        .executeTakeFirstOrThrow();
      const u8 = await app.store.db
        .selectFrom('subscribers')
        .select('id')
        .where('address_key', '=', 'u8@example.com')
        .executeTakeFirstOrThrow();
      for (const s of [u7, u8])
        await unsubscribe(app.ctx(CLI), s.id, sign(app.secretKey, 'unsubscribe', s.id));
      const small = join(dir, 'small.csv');
      writeFileSync(
        small,
        [
          'email,components,locale,time_zone,confirmed',
          'u7@example.com,Database,de,America/New_York,',
          'u8@example.com,,,,yes',
          'u9@example.com,Database;API,,,',
          'new@example.com,API,,,',
          'new2@example.com,,,,maybe',
        ].join('\n'),
      );
      const r = await flare(url, 'subscribers', 'import', small);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').slice(0, 2)).toEqual([
        `Imported ${small}: 1 created, 2 updated, 1 unchanged, 1 rejected.`,
        'line 6: confirmed must be true or false',
      ]);
      const a = (await getSubscriber(app.store.db, u7.id))!;
      expect(a).toMatchObject({
        state: 'unsubscribed',
        locale: 'de',
        time_zone: 'America/New_York',
      });
      expect(a.components).toHaveLength(1);
      expect((await getSubscriber(app.store.db, u8.id))!.state).toBe('active');
      const fresh = await app.store.db
        .selectFrom('subscribers')
        .select(['id', 'state'])
        .where('address_key', '=', 'new@example.com')
        .executeTakeFirstOrThrow();
      expect(fresh.state).toBe('pending');
      const confirms = await app.store.db
        .selectFrom('notifications')
        .select('payload')
        .where('kind', '=', 'subscriber.confirm')
        .execute();
      expect(confirms.map((c) => JSON.parse(c.payload).subscriber_id)).toEqual([fresh.id]);
    });

    it('refuses unknown columns and unreadable CSV with exit code 2, naming the problem', async () => {
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, 'email,compnents\na@example.com,API\n');
      const r = await flare(url, 'subscribers', 'import', bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/column "compnents" is not one Flare knows/);
      writeFileSync(bad, 'email\n"a@example.com\n');
      const q = await flare(url, 'subscribers', 'import', bad);
      expect(q.code).toBe(2);
      expect(q.stderr).toMatch(/line 2 a quoted field is never closed/);
      const listed = await flare(url, 'subscribers', 'list', '--json');
      expect(JSON.parse(listed.stdout).length).toBe(1000);
    });
  });
}
