/**
 * The hub policy (docs/protocol.md, "Hub policy"): what a hub lets its rooms send. Read here the
 * way protocol/.../policy/HubPolicy.java reads it, so a policy one side refuses the other refuses
 * too. The verdict on a file is src/policy/judge.ts.
 */
import { codePointLength } from './common';

export const POLICY_HEAD_BYTES = 65_536;
export const MAX_POLICY_NOTICE_CODE_POINTS = 500;
export const MAX_POLICY_LIST_ENTRIES = 64;
export const MAX_EXTENSION_LENGTH = 16;

export const FILE_CATEGORIES = ['audio', 'video', 'image', 'executable', 'archive', 'document', 'other'] as const;
export type FileCategory = (typeof FILE_CATEGORIES)[number];

export interface HubPolicy {
  notice: string;
  blockCategories: FileCategory[];
  /** Absent: no allow-list. An empty list allows nothing. */
  allowCategories?: FileCategory[];
  blockExtensions: string[];
  allowExtensions?: string[];
  maxFileBytes?: number;
  maxBatchBytes?: number;
  chat: boolean;
  documents: boolean;
  sharedFolders: boolean;
}

const FIELDS = new Set([
  'notice', 'blockCategories', 'allowCategories', 'blockExtensions', 'allowExtensions',
  'maxFileBytes', 'maxBatchBytes', 'chat', 'documents', 'sharedFolders',
]);
const EXTENSION = new RegExp(`^[a-z0-9]{1,${MAX_EXTENSION_LENGTH}}$`);

export class InvalidPolicyError extends Error {}

function strings(o: Record<string, unknown>, field: string): string[] {
  const list = o[field];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new InvalidPolicyError(`${field} must be a list`);
  if (list.length > MAX_POLICY_LIST_ENTRIES) throw new InvalidPolicyError(`${field} may hold at most ${MAX_POLICY_LIST_ENTRIES} entries`);
  if (!list.every((s) => typeof s === 'string')) throw new InvalidPolicyError(`${field} must be a list of strings`);
  return [...new Set(list as string[])];
}

function categories(o: Record<string, unknown>, field: string): FileCategory[] {
  const out = strings(o, field);
  const bad = out.find((c) => !(FILE_CATEGORIES as readonly string[]).includes(c));
  if (bad !== undefined) throw new InvalidPolicyError(`${field} names '${bad}', not a category`);
  return out as FileCategory[];
}

function extensions(o: Record<string, unknown>, field: string): string[] {
  const out = strings(o, field);
  const bad = out.find((e) => !EXTENSION.test(e));
  if (bad !== undefined) throw new InvalidPolicyError(`${field} names '${bad}', not an extension`);
  return out;
}

function size(o: Record<string, unknown>, field: string): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InvalidPolicyError(`${field} must be a whole number of bytes, 0 or more`);
  return v;
}

function flag(o: Record<string, unknown>, field: string): boolean {
  const v = o[field];
  if (v === undefined || v === null) return true;
  if (typeof v !== 'boolean') throw new InvalidPolicyError(`${field} must be true or false`);
  return v;
}

const present = (o: Record<string, unknown>, field: string) => o[field] !== undefined && o[field] !== null;

/** Reads a policy; throws {@link InvalidPolicyError} on anything the spec does not allow. */
export function readPolicy(value: unknown): HubPolicy {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidPolicyError('a policy is an object');
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) throw new InvalidPolicyError(`${unknown} is not a policy field`);
  let notice = '';
  if (present(o, 'notice')) {
    if (typeof o.notice !== 'string') throw new InvalidPolicyError('notice must be a string');
    if (codePointLength(o.notice) > MAX_POLICY_NOTICE_CODE_POINTS) throw new InvalidPolicyError('notice is too long');
    notice = o.notice;
  }
  const maxFileBytes = size(o, 'maxFileBytes');
  const maxBatchBytes = size(o, 'maxBatchBytes');
  return {
    notice,
    blockCategories: categories(o, 'blockCategories'),
    ...(present(o, 'allowCategories') ? { allowCategories: categories(o, 'allowCategories') } : {}),
    blockExtensions: extensions(o, 'blockExtensions'),
    ...(present(o, 'allowExtensions') ? { allowExtensions: extensions(o, 'allowExtensions') } : {}),
    ...(maxFileBytes !== undefined ? { maxFileBytes } : {}),
    ...(maxBatchBytes !== undefined ? { maxBatchBytes } : {}),
    chat: flag(o, 'chat'),
    documents: flag(o, 'documents'),
    sharedFolders: flag(o, 'sharedFolders'),
  };
}

/** The policy as the wire writes it: the canonical form both sides produce. */
export function writePolicy(p: HubPolicy): Record<string, unknown> {
  return {
    notice: p.notice,
    blockCategories: p.blockCategories,
    ...(p.allowCategories ? { allowCategories: p.allowCategories } : {}),
    blockExtensions: p.blockExtensions,
    ...(p.allowExtensions ? { allowExtensions: p.allowExtensions } : {}),
    ...(p.maxFileBytes !== undefined ? { maxFileBytes: p.maxFileBytes } : {}),
    ...(p.maxBatchBytes !== undefined ? { maxBatchBytes: p.maxBatchBytes } : {}),
    chat: p.chat,
    documents: p.documents,
    sharedFolders: p.sharedFolders,
  };
}
