/** Calendar quarters in UTC ("2026-Q4"), for the debrief's quarter view. Pure. */

export interface Quarter {
  year: number;
  /** 1–4 */
  q: number;
}

const PATTERN = /^(\d{4})-Q([1-4])$/;

export const quarterKey = (x: Quarter) => `${x.year}-Q${x.q}`;

export function parseQuarter(s: string): Quarter | null {
  const m = PATTERN.exec(s.trim());
  return m ? { year: Number(m[1]), q: Number(m[2]) } : null;
}

export function quarterOf(d: Date): Quarter {
  return { year: d.getUTCFullYear(), q: Math.floor(d.getUTCMonth() / 3) + 1 };
}

export function shiftQuarter(x: Quarter, by: number): Quarter {
  const n = x.year * 4 + (x.q - 1) + by;
  return { year: Math.floor(n / 4), q: (n % 4) + 1 };
}

/** The quarter's start and end (exclusive), and its three months' starts, as ISO times. */
export function quarterBounds(x: Quarter): { from: string; to: string; months: string[] } {
  const m0 = (x.q - 1) * 3;
  const at = (m: number) => new Date(Date.UTC(x.year, m, 1)).toISOString();
  return { from: at(m0), to: at(m0 + 3), months: [at(m0), at(m0 + 1), at(m0 + 2)] };
}
