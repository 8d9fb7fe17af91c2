/** How much this origin stores, and how much of it is Peerhub's transfers and documents. */
import { DOCS_DIR, STAGED_DIR } from './opfs-layout';
import { bytesIn } from './transfer/opfs-stores';

export interface StorageUsage {
  usage: number | null;
  quota: number | null;
  transfers: number;
  documents: number;
}

export async function storageUsage(): Promise<StorageUsage> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  const opfs = typeof navigator.storage?.getDirectory === 'function';
  return {
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
    transfers: opfs ? await bytesIn(STAGED_DIR) : 0,
    documents: opfs ? await bytesIn(DOCS_DIR) : 0,
  };
}
