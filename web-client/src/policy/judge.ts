/**
 * The verdict on a file or an offer under a hub policy, in the spec's order of rules
 * (docs/protocol.md, "Hub policy"); the Java twin is protocol/.../policy/PolicyJudge.java.
 * Without a head only the name and size count: what a receiver can say of a manifest.
 */
import { t, translate, type Key, type Params } from '../i18n';
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
export function verdictWords(fileName: string, v: PolicyVerdict, say: Say = t): string {
  const file = fileName;
  const how = v.by === 'content' ? say('verdict.byContent') : v.by === 'name' ? say('verdict.byName') : '';
  switch (v.rule) {
    case 'file-too-large': return say('verdict.fileTooLarge', { file });
    case 'batch-too-large': return say('verdict.batchTooLarge');
    case 'extension-blocked': return say('verdict.extensionBlocked', { file, extension: v.extension ?? '' });
    case 'extension-not-allowed':
      return v.extension
        ? say('verdict.extensionNotAllowed', { file, extension: v.extension })
        : say('verdict.noExtensionNotAllowed', { file });
    case 'category-blocked':
      return say('verdict.categoryBlocked', { file, how, category: say(v.category === 'other' ? 'category.otherBlocked' : `category.${v.category ?? 'other'}`) });
    case 'category-not-allowed':
      return say('verdict.categoryNotAllowed', { file, how, category: say(`category.${v.category ?? 'other'}`) });
  }
}

/** The words in the page's language (`t`), or in another (the wire's English). */
export type Say = (key: Key, params?: Params) => string;

/** What goes to a peer in a refusal's `message`: English, as the Java drop sends it too. */
export const english: Say = (key, params) => translate('en', key, params);
