/**
 * The time this page spends judging files under a hub policy, as User Timing entries named
 * `peerhub:policy-check` (detail: `send` or `receive`): visible in DevTools' performance panel,
 * and what the policy benchmark sums to set the check's cost against a transfer's time.
 * The entries are bounded: a long-lived page keeps at most the last `KEPT` of them.
 */
export const POLICY_CHECK_MEASURE = 'peerhub:policy-check';
const KEPT = 1000;
let kept = 0;

export async function timedCheck<T>(side: 'send' | 'receive', check: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await check();
  } finally {
    if (kept >= KEPT) {
      performance.clearMeasures(POLICY_CHECK_MEASURE);
      kept = 0;
    }
    performance.measure(POLICY_CHECK_MEASURE, { start, end: performance.now(), detail: side });
    kept++;
  }
}
