/**
 * Loads Automerge's wasm. The package's default entry imports the .wasm as an ES module, which
 * Vite does not bundle; the build aliases `@automerge/automerge` to its `slim` entry (see
 * vite.config.ts) and the wasm is fetched here as a separate asset (served as application/wasm;
 * the page's CSP allows compiling it with 'wasm-unsafe-eval').
 */
import { initializeWasm } from '@automerge/automerge/slim';
import wasmUrl from '@automerge/automerge/automerge.wasm?url';

export const automergeReady: Promise<void> = initializeWasm(wasmUrl);
