/**
 * The JavaScript Ed25519 (ed25519-js.ts), imported once on first use. A failed load (a network
 * blip fetching the chunk) is not remembered: the next use tries again.
 */
let loading: Promise<typeof import('./ed25519-js')> | null = null;

export function loadEd25519(): Promise<typeof import('./ed25519-js')> {
  loading ??= import('./ed25519-js').catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}
