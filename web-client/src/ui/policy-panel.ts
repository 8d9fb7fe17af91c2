/**
 * The `Hub policy` view: the hub's notice and the rules in force, in words, so nobody learns
 * them only from a refusal. It also turns off, in this page, the parts the policy switches off
 * (chat, documents, shared folders): the body's classes hide them, see styles.css.
 */
import type { FileCategory, HubPolicy } from '../protocol';
import { formatBytes } from '../transfer/view';

const SWITCHES = [
  ['chat', 'policy-no-chat', 'Chat is off.'],
  ['documents', 'policy-no-documents', 'Shared documents are off.'],
  ['sharedFolders', 'policy-no-shared-folders', 'Shared folders are off.'],
] as const;

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
  if (p.maxFileBytes !== undefined) out.push(`Largest file: ${formatBytes(p.maxFileBytes)}.`);
  if (p.maxBatchBytes !== undefined) out.push(`Largest set of files sent at once: ${formatBytes(p.maxBatchBytes)}.`);
  if (p.blockExtensions.length > 0) out.push(`Not allowed: ${list(p.blockExtensions.map((e) => `.${e}`))} files.`);
  if (p.allowExtensions) out.push(`Only ${list(p.allowExtensions.map((e) => `.${e}`))} files may be sent.`);
  if (p.blockCategories.length > 0) out.push(`Not allowed: ${categories(p.blockCategories)}, judged by name and by content.`);
  if (p.allowCategories) out.push(`Only ${categories(p.allowCategories)} may be sent, judged by name and by content.`);
  for (const [field, , sentence] of SWITCHES) if (!p[field]) out.push(sentence);
  if (out.length === 0) out.push('No limits on what may be sent.');
  return out;
}

function categories(cs: readonly FileCategory[]): string {
  return list(cs.map((c) => (c === 'other' ? 'files of unknown type' : `${c} files`)));
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
