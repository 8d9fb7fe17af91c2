/**
 * Loads Automerge's wasm. The package's default entry imports the .wasm as an ES module, which
 * Vite does not bundle; the build aliases `@automerge/automerge` to its `slim` entry (see
 * vite.config.ts) and the wasm is fetched here as a separate asset (served as application/wasm;
 * the page's CSP allows compiling it with 'wasm-unsafe-eval').
 */
import { initializeWasm } from '@automerge/automerge/slim';
import wasmUrl from '@automerge/automerge/automerge.wasm?url';

let ready: Promise<void> | null = null;

/**
 * Loads the wasm once it has loaded; a load that failed (its node killed while the 3.6 MB were on
 * their way) is forgotten, so the next call fetches it again instead of failing for ever.
 */
export function loadAutomerge(): Promise<void> {
  ready ??= initializeWasm(wasmUrl).catch((err: unknown) => {
    ready = null;
    throw err;
  });
  return ready;
}
