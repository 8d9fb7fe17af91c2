/**
 * A module the page loads the first time it is needed, not with the room code: `load` runs once,
 * and a failed load (a network blip fetching the chunk) is not remembered, so the next use tries
 * again. For code most joins never run (docs/benchmarks.md "Join").
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = null;
      throw err;
    }));
}
