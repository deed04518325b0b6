import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

describe('toolchain', () => {
  it('loads the better-sqlite3 native binding and runs a query', () => {
    const db = new Database(':memory:');
    try {
      const row = db.prepare('select 1 + 1 as v').get() as { v: number };
      expect(row.v).toBe(2);
    } finally {
      db.close();
    }
  });
});
