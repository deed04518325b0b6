/** Finds the PostgreSQL server the integration suites run against, before any test file loads. */
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * `configured` wins when set (`off` turns the suites off). Otherwise the default local server is
 * used when it answers within a second; when it does not, the suites skip and say so.
 */
export async function findTestDatabase(configured: string | undefined): Promise<string | null> {
  if (configured === 'off' || configured === '0') return null;
  if (configured) return configured;
  const client = new pg.Client({
    connectionString: DEFAULT_TEST_DATABASE_URL,
    connectionTimeoutMillis: 1000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return DEFAULT_TEST_DATABASE_URL;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}
