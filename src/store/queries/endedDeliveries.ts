/**
 * The deliveries that have ended, as SQL text: the predicate of migration 027's partial index.
 * A query that should use that index repeats this text exactly, as a literal (SQLite uses a
 * partial index only when the query has the index's own WHERE terms, and cannot match a bound
 * parameter against them).
 */
export const ENDED_DELIVERY_SQL = "state in ('sent', 'dead', 'cancelled')";
