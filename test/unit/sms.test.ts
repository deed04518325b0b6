import { describe, expect, it } from 'vitest';
import { fitSms, smsSegments, toGsm7 } from '../../src/domain/sms.js';
import { chromeFor } from '../../src/templates/chrome.js';

describe('smsSegments', () => {
  it('counts GSM-7 in 160 / 153 units and the extension characters as two', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments(`${'a'.repeat(159)}[`).segments).toBe(2);
  });

  it('falls back to UCS-2 for anything outside GSM-7, in 70 / 67 units', () => {
    expect(smsSegments('a’')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
    expect(smsSegments('ü'.repeat(10)).encoding).toBe('GSM-7');
    expect(smsSegments('ж'.repeat(70)).segments).toBe(1);
    expect(smsSegments('ж'.repeat(71)).segments).toBe(2);
    expect(smsSegments('ж'.repeat(135)).segments).toBe(3);
  });
});

describe('toGsm7', () => {
  it('swaps typographic characters that would force UCS-2', () => {
    const s = toGsm7('We’re “on it” – ETA 5 min — thanks…');
    expect(s).toBe('We\'re "on it" - ETA 5 min - thanks...');
    expect(smsSegments(s).encoding).toBe('GSM-7');
  });
});

describe('fitSms', () => {
  const prefix = 'Acme: API errors - Investigating. ';
  const suffix = ' https://status.acme.test/incidents/abc123';

  it('leaves a text that fits alone', () => {
    expect(fitSms(prefix, 'Short body.', suffix)).toBe(`${prefix}Short body.${suffix}`);
  });

  it('shortens the body with an ellipsis so the whole fits one segment, keeping the link', () => {
    const body = 'We are seeing elevated error rates on the API and are working on a fix. '.repeat(
      4,
    );
    const out = fitSms(prefix, body, suffix);
    expect(smsSegments(out).segments).toBe(1);
    expect(out.startsWith(prefix)).toBe(true);
    expect(out.endsWith(suffix)).toBe(true);
    expect(out).toContain('...');
    // it used the room: close to the 160 limit
    expect(smsSegments(out).units).toBeGreaterThan(140);
  });

  it('in UCS-2 fits 70 units', () => {
    const out = fitSms(
      'Сбой API. ',
      'Мы работаем над исправлением ошибки '.repeat(3),
      ' https://s.t/i',
    );
    expect(smsSegments(out)).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(out.endsWith(' https://s.t/i')).toBe(true);
  });

  it('when prefix and link alone need two segments, uses no more than two', () => {
    const longPrefix = `${'A very long incident name '.repeat(7)}- Investigating. `;
    const out = fitSms(longPrefix, 'body '.repeat(100), suffix);
    expect(smsSegments(out).segments).toBe(2);
    expect(out.endsWith(suffix)).toBe(true);
  });
});

describe('toGsm7 with accented letters', () => {
  it('keeps a French or Portuguese text in GSM-7, and leaves the letters GSM-7 has', () => {
    const s = toGsm7('Enquête en cours : ça reprend à 14 h, façade ô île, não');
    expect(s).toBe('Enquete en cours : ca reprend à 14 h, facade o ile, nao');
    expect(smsSegments(s).encoding).toBe('GSM-7');
    expect(toGsm7('Großer Ausfall: Überprüfung läuft, é è ù ñ')).toBe(
      'Großer Ausfall: Überprüfung läuft, é è ù ñ',
    );
    // emoji and other scripts still need UCS-2
    expect(smsSegments(toGsm7('Panne 🚨')).encoding).toBe('UCS-2');
  });

  it('leaves every status name of the notification wording in GSM-7', () => {
    for (const lang of ['en', 'fr', 'de']) {
      const c = chromeFor(lang);
      for (const word of [...Object.values(c.status), c.next_update])
        expect(smsSegments(toGsm7(word)).encoding, `${lang}: ${word}`).toBe('GSM-7');
    }
  });
});
