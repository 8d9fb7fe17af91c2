/**
 * The verdict on a file or an offer under a hub policy, in the spec's order of rules
 * (docs/protocol.md, "Hub policy"); the Java twin is protocol/.../policy/PolicyJudge.java.
 * Without a head only the name and size count: what a receiver can say of a manifest.
 */
import type { FileCategory, HubPolicy } from '../protocol';
import { categoryByContent, categoryByName, extensionOf } from './file-kind';

export type PolicyRule =
  | 'file-too-large' | 'batch-too-large' | 'extension-blocked' | 'extension-not-allowed'
  | 'category-blocked' | 'category-not-allowed';

export interface PolicyVerdict {
  rule: PolicyRule;
  extension?: string | null;
  category?: FileCategory;
  by?: 'content' | 'name' | 'none';
}

export interface JudgedFile {
  path: readonly string[];
  size: number;
  /** The file's first bytes; absent: judge by name and size alone. */
  head?: Uint8Array;
}

export function judgeBatch(policy: HubPolicy, totalBytes: number): 'batch-too-large' | null {
  return policy.maxBatchBytes !== undefined && totalBytes > policy.maxBatchBytes ? 'batch-too-large' : null;
}

export async function judgeFile(policy: HubPolicy, file: JudgedFile): Promise<PolicyVerdict | null> {
  const content = file.head ? await categoryByContent(file.head) : null;
  return judgeKnown(policy, file, content);
}

/** The verdict once the content category is known (null: none found, or no head). */
export function judgeKnown(policy: HubPolicy, file: JudgedFile, content: FileCategory | null): PolicyVerdict | null {
  if (policy.maxFileBytes !== undefined && file.size > policy.maxFileBytes) return { rule: 'file-too-large' };
  const extension = extensionOf(file.path);
  if (extension !== null && policy.blockExtensions.includes(extension)) return { rule: 'extension-blocked', extension };
  if (policy.allowExtensions && (extension === null || !policy.allowExtensions.includes(extension))) {
    return { rule: 'extension-not-allowed', extension };
  }
  const name = categoryByName(file.path);
  const blocked = policy.blockCategories;
  if (content && blocked.includes(content)) return { rule: 'category-blocked', category: content, by: 'content' };
  if (name && blocked.includes(name)) return { rule: 'category-blocked', category: name, by: 'name' };
  if (!content && !name && blocked.includes('other')) return { rule: 'category-blocked', category: 'other', by: 'none' };
  const allowed = policy.allowCategories;
  if (allowed) {
    if (content && !allowed.includes(content)) return { rule: 'category-not-allowed', category: content, by: 'content' };
    if (name && !allowed.includes(name)) return { rule: 'category-not-allowed', category: name, by: 'name' };
    if (!content && !name && !allowed.includes('other')) return { rule: 'category-not-allowed', category: 'other', by: 'none' };
  }
  return null;
}

/** The refusal in words, for the person whose file it was (the same sentences the Java drop sends). */
export function verdictWords(fileName: string, v: PolicyVerdict): string {
  const how = v.by === 'content' ? ' (judged by its content)' : v.by === 'name' ? ' (judged by its name)' : '';
  switch (v.rule) {
    case 'file-too-large': return `${fileName}: larger than this hub allows`;
    case 'batch-too-large': return 'the files together are more than this hub allows in one go';
    case 'extension-blocked': return `${fileName}: .${v.extension} files are not allowed on this hub`;
    case 'extension-not-allowed':
      return `${fileName}: ${v.extension ? `.${v.extension} files` : 'files without an extension'} are not among those this hub allows`;
    case 'category-blocked': return `${fileName}: ${v.category} files are not allowed on this hub${how}`;
    case 'category-not-allowed':
      return `${fileName}: ${v.category === 'other' ? 'files of unknown type' : `${v.category} files`} are not among those this hub allows${how}`;
  }
}
