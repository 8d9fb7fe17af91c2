/**
 * What a file is, by its name and by its first bytes (docs/protocol.md, "Hub policy"), through
 * protocol/policy/file-categories.json, the table the Java side reads too. Content is judged by
 * `file-type`'s signature database, never by the name the sender gave or the type it claimed.
 */
import table from '../../../protocol/policy/file-categories.json';
import { onFirstUse } from '../first-use';
import { MAX_EXTENSION_LENGTH, POLICY_HEAD_BYTES, type FileCategory } from '../protocol';

const EXTENSION = new RegExp(`^[a-z0-9]{1,${MAX_EXTENSION_LENGTH}}$`);

function invert(lists: Record<string, string[]>): Map<string, FileCategory> {
  const out = new Map<string, FileCategory>();
  for (const [category, items] of Object.entries(lists)) for (const item of items) out.set(item, category as FileCategory);
  return out;
}

const BY_EXTENSION = invert(table.extensions);
const BY_MEDIA_TYPE = invert(table.mediaTypes);
const PREFIXES = Object.entries(table.mediaTypePrefixes as Record<string, string>);
const NOT_BY_CONTENT = new Set(table.notByContent);

/** The extension of a path's last component (lower-cased; none for `.bashrc` or `a.b-c`). */
export function extensionOf(path: readonly string[] | string): string | null {
  const parts = typeof path === 'string' ? path.split('/') : path;
  const last = parts[parts.length - 1] ?? '';
  const dot = last.lastIndexOf('.');
  if (dot <= 0) return null;
  const ext = last.slice(dot + 1).toLowerCase();
  return EXTENSION.test(ext) ? ext : null;
}

export function categoryByName(path: readonly string[] | string): FileCategory | null {
  const ext = extensionOf(path);
  return ext === null ? null : BY_EXTENSION.get(ext) ?? null;
}

export function categoryOfMediaType(mediaType: string | undefined): FileCategory | null {
  if (!mediaType) return null;
  const base = (mediaType.split(';')[0] ?? '').trim().toLowerCase();
  if (NOT_BY_CONTENT.has(base)) return null;
  const exact = BY_MEDIA_TYPE.get(base);
  if (exact) return exact;
  const prefixed = PREFIXES.find(([, prefix]) => base.startsWith(prefix));
  return prefixed ? (prefixed[0] as FileCategory) : null;
}

/**
 * Loads `file-type` (with its tokenizers, 65 of the 257 kB the room code would otherwise
 * be) the first time a content check is wanted: only a hub with a policy ever checks, and a
 * join need not parse it (docs/benchmarks.md "Join").
 */
export const loadContentCheck = onFirstUse(() => import('file-type'));

/** The content category of a file's head (its first POLICY_HEAD_BYTES at most). */
export async function categoryByContent(head: Uint8Array): Promise<FileCategory | null> {
  if (head.length === 0) return null;
  const judged = head.length > POLICY_HEAD_BYTES ? head.subarray(0, POLICY_HEAD_BYTES) : head;
  const { fileTypeFromBuffer } = await loadContentCheck();
  const found = await fileTypeFromBuffer(judged);
  return categoryOfMediaType(found?.mime);
}
