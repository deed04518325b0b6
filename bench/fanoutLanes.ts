/** Runs `count` jobs with at most `concurrency` at once; counts the ones that threw. */
export async function lanes(
  count: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
): Promise<{ failed: number }> {
  let next = 0;
  let failed = 0;
  const all = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      try {
        await job(i);
      } catch {
        failed++;
      }
    }
  });
  await Promise.all(all);
  return { failed };
}
