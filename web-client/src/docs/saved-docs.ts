/**
 * Whether this browser kept documents of a room (docs/doc-files.ts writes them), asked without
 * loading the documents engine: a page with documents of its own loads them, to bring its edits
 * made while apart to the others.
 */
import { DOCS_DIR } from '../opfs-layout';

export async function hasSavedDocs(roomId: string): Promise<boolean> {
  try {
    const root = await navigator.storage.getDirectory();
    const all = await root.getDirectoryHandle(DOCS_DIR);
    const room = await all.getDirectoryHandle(roomId);
    for await (const name of (room as unknown as { keys(): AsyncIterable<string> }).keys()) {
      if (name.endsWith('.automerge')) return true;
    }
  } catch {
    // No such folder (NotFoundError), or no storage here: nothing kept.
  }
  return false;
}
