/**
 * SMS text rules: GSM-7 / UCS-2 segment counting, swapping typographic characters that would
 * force UCS-2 for their GSM-7 equivalents, and shortening a message's body so the whole text
 * fits in as few segments as it can (one where possible), keeping what surrounds the body.
 */

/** GSM-7 basic and extension characters: texts using only these fit 160 per segment. */
const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXT = '^{}\\[~]|€\f';

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  units: number;
}

export function smsSegments(text: string): SmsSegments {
  let units = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM7.includes(ch)) units += 1;
    else if (GSM7_EXT.includes(ch)) units += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  // UCS-2 counts UTF-16 code units
  const u = text.length;
  return { encoding: 'UCS-2', units: u, segments: u <= 70 ? 1 : Math.ceil(u / 67) };
}

const TYPOGRAPHIC: Record<string, string> = {
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201a': "'",
  '\u2032': "'",
  '\u201c': '"', // “
  '\u201d': '"', // ”
  '\u201e': '"',
  '\u2033': '"',
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2212': '-',
  '\u2026': '...', // …
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2022': '-', // •
  '\u00b7': '-', // ·
};

/**
 * Accented letters outside GSM-7 (French, Spanish, Portuguese…) and their nearest GSM-7 letter;
 * é, è, à, ù, ì, ò, ä, ö, ü, ñ, ß and a few more are GSM-7 already and stay as they are.
 */
const ACCENTED: Record<string, string> = {
  â: 'a',
  á: 'a',
  ã: 'a',
  ê: 'e',
  ë: 'e',
  î: 'i',
  ï: 'i',
  í: 'i',
  ô: 'o',
  ó: 'o',
  õ: 'o',
  û: 'u',
  ú: 'u',
  ÿ: 'y',
  ç: 'c',
  œ: 'oe',
  Â: 'A',
  Á: 'A',
  À: 'A',
  Ã: 'A',
  Ê: 'E',
  È: 'E',
  Ë: 'E',
  Î: 'I',
  Ï: 'I',
  Í: 'I',
  Ô: 'O',
  Ó: 'O',
  Õ: 'O',
  Û: 'U',
  Ú: 'U',
  Ù: 'U',
  Œ: 'OE',
};

/**
 * Replaces typographic characters and accented letters that would force UCS-2 (half the
 * characters per segment) with their GSM-7 equivalents, as SMS providers' "smart encoding"
 * does. A text with other characters (emoji, non-Latin scripts) still goes as UCS-2.
 */
export function toGsm7(text: string): string {
  return text.replace(
    /[\u2018\u2019\u201a\u2032\u201c\u201d\u201e\u2033\u2013\u2014\u2212\u2026\u00a0\u2009\u202f\u2022\u00b7âáãêëîïíôóõûúÿçœÂÁÀÃÊÈËÎÏÍÔÓÕÛÚÙŒ]/g,
    (c) => TYPOGRAPHIC[c] ?? ACCENTED[c] ?? c,
  );
}

const ELLIPSIS = '...';

/**
 * Joins prefix + body + suffix, shortening the body (cut at a word where it can, with an
 * ellipsis) so the whole fits in one segment; when even an empty body cannot fit, the body is
 * shortened to the fewest segments that prefix and suffix need. Prefix and suffix (e.g. the
 * link) are never cut.
 */
export function fitSms(prefix: string, body: string, suffix: string): string {
  const whole = prefix + body + suffix;
  const target = Math.max(1, smsSegments(prefix + suffix).segments);
  if (smsSegments(whole).segments <= target) return whole.replace(/ {2,}/g, ' ');
  const chars = Array.from(body);
  // the longest cut that fits, by binary search over the body's length
  let lo = 0;
  let hi = chars.length;
  const fits = (n: number) => smsSegments(prefix + cut(chars, n) + suffix).segments <= target;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return (prefix + cut(chars, lo) + suffix).replace(/ {2,}/g, ' ');
}

function cut(chars: string[], n: number): string {
  if (n >= chars.length) return chars.join('');
  // a few letters and an ellipsis say nothing: drop the body instead
  if (n < ELLIPSIS.length + 12) return '';
  let s = chars.slice(0, n - ELLIPSIS.length).join('');
  const space = s.lastIndexOf(' ');
  // end at a word boundary when that loses little
  if (space > 0 && s.length - space < 15) s = s.slice(0, space);
  return s.replace(/[\s,.;:-]+$/, '') + ELLIPSIS;
}
