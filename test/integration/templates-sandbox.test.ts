/**
 * Liquid in templates has no file system and hard limits: `{% include %}`, `{% render %}` and
 * `{% layout %}` of server files answer 400 with no file content and no path, and a loop bomb
 * answers 400 quickly, both when a template is added and when a stored one is previewed.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'FLARE_SANDBOX_CANARY=9f2c7d';
const PKG = readFileSync(resolve(ROOT, 'package.json'), 'utf8');

describeEachEngine('templates get no file system and have limits', (engine) => {
  let h: ApiHarness;
  const cwd = process.cwd();
  beforeAll(async () => {
    h = await makeApiHarness(engine);
    // a .env where the process runs, as on a real server
    process.chdir(ROOT);
    writeFileSync(resolve(ROOT, '.env.sandbox-test'), `${SECRET}\n`);
  });
  afterAll(async () => {
    process.chdir(cwd);
    rmSync(resolve(ROOT, '.env.sandbox-test'), { force: true });
    await h.close();
  });

  const files = ['.env.sandbox-test', 'package.json', '/etc/passwd', '../../../../../etc/passwd'];
  const tags = (f: string) => [
    `{% include '${f}' %}`,
    `{% render '${f}' %}`,
    `{% layout '${f}' %}Body`,
    `{% include '${f.replace(/\.[a-z]+$/, '')}' %}`,
  ];

  const expectClean400 = (r: { status: number; body: string }) => {
    expect(r.status, r.body).toBe(400);
    expect(r.body).not.toContain('FLARE_SANDBOX_CANARY');
    expect(r.body).not.toContain('"name": "flare"');
    expect(r.body).not.toContain('root:');
    expect(r.body).not.toContain(ROOT);
    expect(r.body).not.toMatch(/\/(work|home|usr|etc|tmp)\//);
    expect(r.body).not.toContain(PKG.slice(0, 40));
  };

  it('refuses to add a template that includes, renders or lays out a file', async () => {
    let n = 0;
    for (const f of files) {
      for (const source of tags(f)) {
        const r = await h.call('admin', 'POST', '/api/v1/templates', {
          key: `files_${n++}`,
          stage: 'investigating',
          name: 'Files',
          renderings: { page: source, sms: 'x', social: 'x' },
        });
        expectClean400(r);
        expect(r.json.error.fields['renderings.page']).toMatch(/cannot use: they have no files/);
      }
    }
  });

  describe('a template stored before the sandbox', () => {
    const store = async (key: string, page: string) => {
      const made = await h.call('admin', 'POST', '/api/v1/templates', {
        key,
        stage: 'investigating',
        name: key,
        renderings: { page: 'placeholder', sms: 'x', social: 'x' },
      });
      expect(made.status, made.body).toBe(201);
      await h.app.store.db
        .updateTable('templates')
        .set({ renderings: JSON.stringify({ page, sms: 'x', social: 'x' }) })
        .where('key', '=', key)
        .execute();
    };

    it('previews as a 400 naming the channel, with no file content or path', async () => {
      let n = 0;
      for (const f of files) {
        for (const source of tags(f)) {
          const key = `stored_${n++}`;
          await store(key, source);
          const r = await h.call('read', 'POST', `/api/v1/templates/${key}/preview`, {});
          expectClean400(r);
          expect(r.json.error.fields['renderings.page']).toMatch(/they have no files/);
        }
      }
    });

    it('stops a loop bomb at the render limit and answers 400 quickly', async () => {
      const bomb =
        '{% for a in (1..100000) %}{% for b in (1..100000) %}{{ a }}{{ b }}{% endfor %}{% endfor %}';
      await store('bomb', bomb);
      let t = performance.now();
      const r = await h.call('read', 'POST', '/api/v1/templates/bomb/preview', {});
      expect(performance.now() - t).toBeLessThan(5_000);
      expect(r.status, r.body).toBe(400);
      expect(r.json.error.fields.template).toMatch(/takes longer than \d+ ms/);

      const grow =
        "{% assign s = 'xxxxxxxxxx' %}{% for a in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}";
      t = performance.now();
      const add = await h.call('admin', 'POST', '/api/v1/templates', {
        key: 'grow',
        stage: 'investigating',
        name: 'Grow',
        renderings: { page: grow, sms: 'x', social: 'x' },
      });
      expect(performance.now() - t).toBeLessThan(5_000);
      expect(add.status, add.body).toBe(400);
      expect(add.json.error.fields['renderings.page']).toMatch(/too much text/);

      // adding the loop bomb is refused at the same limit
      t = performance.now();
      const addBomb = await h.call('admin', 'POST', '/api/v1/templates', {
        key: 'bomb2',
        stage: 'investigating',
        name: 'Bomb',
        renderings: { page: bomb, sms: 'x', social: 'x' },
      });
      expect(performance.now() - t).toBeLessThan(5_000);
      expect(addBomb.status, addBomb.body).toBe(400);
      expect(addBomb.json.error.fields['renderings.page']).toMatch(/takes longer than \d+ ms/);
    });
  });
});
