/**
 * The `Hub policy` view: the hub's notice and the rules in force, in words, so nobody learns
 * them only from a refusal. It also turns off, in this page, the parts the policy switches off
 * (chat, documents, shared folders): the body's classes hide them, see styles.css.
 */
import { listWords, t, type Key } from '../i18n';
import type { FileCategory, HubPolicy } from '../protocol';
import { formatBytes } from '../transfer/view';

const SWITCHES = [
  ['chat', 'policy-no-chat', 'policy.chatOff'],
  ['documents', 'policy-no-documents', 'policy.documentsOff'],
  ['sharedFolders', 'policy-no-shared-folders', 'policy.sharedFoldersOff'],
] as const satisfies readonly (readonly [string, string, Key])[];

export class PolicyPanel {
  private readonly notice: HTMLElement;
  private readonly rules: HTMLUListElement;

  constructor(private readonly root: HTMLElement) {
    this.notice = root.querySelector<HTMLElement>('.hub-policy-notice')!;
    this.rules = root.querySelector<HTMLUListElement>('.hub-policy-rules')!;
  }

  show(policy: HubPolicy | null): void {
    this.root.hidden = policy === null;
    for (const [field, className] of SWITCHES) {
      document.body.classList.toggle(className, policy !== null && !policy[field]);
    }
    if (!policy) return;
    this.notice.textContent = policy.notice;
    this.notice.hidden = !policy.notice;
    this.rules.replaceChildren(...ruleSentences(policy).map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }));
  }
}

/** Whether the policy leaves `part` on (no policy: everything is). */
export function partAllowed(policy: HubPolicy | null, part: 'chat' | 'documents' | 'sharedFolders'): boolean {
  return policy === null || policy[part];
}

/** The rules in force, one sentence each, in the order the judge applies them. */
export function ruleSentences(p: HubPolicy): string[] {
  const out: string[] = [];
  if (p.maxFileBytes !== undefined) out.push(t('policy.maxFile', { size: formatBytes(p.maxFileBytes) }));
  if (p.maxBatchBytes !== undefined) out.push(t('policy.maxBatch', { size: formatBytes(p.maxBatchBytes) }));
  if (p.blockExtensions.length > 0) out.push(t('policy.blockedExtensions', { extensions: listWords(p.blockExtensions.map((e) => `.${e}`)) }));
  if (p.allowExtensions) out.push(t('policy.onlyExtensions', { extensions: listWords(p.allowExtensions.map((e) => `.${e}`)) }));
  if (p.blockCategories.length > 0) out.push(t('policy.blockedCategories', { categories: categories(p.blockCategories) }));
  if (p.allowCategories) out.push(t('policy.onlyCategories', { categories: categories(p.allowCategories) }));
  for (const [field, , sentence] of SWITCHES) if (!p[field]) out.push(t(sentence));
  if (out.length === 0) out.push(t('policy.noLimits'));
  return out;
}

function categories(cs: readonly FileCategory[]): string {
  return listWords(cs.map((c) => t(`category.${c}`)));
}
