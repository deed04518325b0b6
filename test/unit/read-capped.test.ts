/**
 * readCapped settles for every state a response body can be in when it is called: flowing,
 * paused, already ended, already destroyed (with or without an error), larger than the cap.
 */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCapped } from '../../src/channels/httpPost.js';

const settle = <T>(p: Promise<T>) =>
  Promise.race([
    p.then(
      (v) => ({ value: v }),
      (e: Error) => ({ error: e.message }),
    ),
    new Promise((r) => setTimeout(() => r('still pending after 1 s'), 1000)),
  ]);

describe('readCapped', () => {
  it('reads a short answer, and stops at the cap on a long one', async () => {
    expect(await readCapped(Readable.from([Buffer.from('ok '), Buffer.from('done')]))).toBe(
      'ok done',
    );
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 'x'));
      },
    });
    const text = await readCapped(endless, 3000);
    expect(text).toHaveLength(3000);
    expect(endless.destroyed).toBe(true);
  });

  it('answers "" for a body that had already ended', async () => {
    const body = new PassThrough();
    body.end();
    body.resume();
    await new Promise((r) => body.once('end', r));
    expect(await settle(readCapped(body))).toEqual({ value: '' });
  });

  it('rejects for a body already destroyed, naming its error when it had one', async () => {
    const failed = new PassThrough();
    failed.on('error', () => {});
    failed.destroy(new Error('other side closed'));
    expect(await settle(readCapped(failed))).toEqual({ error: 'other side closed' });
    const closed = new PassThrough();
    closed.destroy();
    expect(await settle(readCapped(closed))).toEqual({
      error: 'the answer ended before it was complete',
    });
  });

  it('reads a body that was paused before it was handed over', async () => {
    const body = new PassThrough();
    body.pause();
    body.end('paused answer');
    expect(await settle(readCapped(body))).toEqual({ value: 'paused answer' });
  });

  it('rejects, without an uncaught exception, on a chunk that is not bytes', async () => {
    const body = new Readable({ objectMode: true, read() {} });
    const p = settle(readCapped(body));
    body.push({ not: 'bytes' });
    expect(await p).toMatchObject({ error: expect.any(String) });
  });
});
