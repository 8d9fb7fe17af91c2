/**
 * Work that the room can do without, for a moment, runs once the page is idle (at the latest
 * after a second), so it never competes with the join.
 */
export function whenIdle<T>(work: () => Promise<T>): Promise<T> {
  return new Promise<void>((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 1000 });
    else setTimeout(resolve, 0);
  }).then(work);
}
