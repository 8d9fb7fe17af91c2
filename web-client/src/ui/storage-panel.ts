/**
 * The `Storage` view: what this browser keeps for Peerhub (the origin's usage, and how much of
 * it is transfers and documents), which unfinished transfers can still continue and until when,
 * and buttons to delete them. Problems the storage reported stay listed here until the page
 * reloads, so nothing is lost silently.
 */
import { locale, t } from '../i18n';
import { formatBytes, type TransferView } from '../transfer/view';
import type { UnfinishedTransfer } from '../transfer/transfers';
import { el, required } from './dom';

export interface StorageFacts {
  /** The origin's usage and quota from navigator.storage.estimate(), when the browser says. */
  usage: number | null;
  quota: number | null;
  transfers: number;
  documents: number;
  unfinished: UnfinishedTransfer[];
  kept: TransferView[];
}

export interface StorageActions {
  /** Reads the current facts (called each time the view opens or changes). */
  facts(): Promise<StorageFacts>;
  clearUnfinished(): void;
  releaseCopies(): Promise<void>;
}

export class StoragePanel {
  private readonly button: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly problems: string[] = [];
  private refreshing: Promise<void> = Promise.resolve();

  constructor(root: ParentNode, private readonly actions: StorageActions) {
    this.button = required<HTMLButtonElement>('#storage-button', root);
    this.panel = required<HTMLElement>('#storage-panel', root);
    this.button.addEventListener('click', () => this.toggle());
  }

  get open(): boolean {
    return !this.panel.hidden;
  }

  /** A storage failure: listed in the view and marked on its button until the page reloads. */
  problem(message: string): void {
    if (!this.problems.includes(message)) this.problems.push(message);
    this.button.dataset.problem = 'true';
    this.button.setAttribute('aria-description', t('storage.problem'));
    if (this.open) this.refresh();
  }

  /** Repaints if open: transfers changed. */
  refresh(): void {
    if (!this.open) return;
    this.refreshing = this.refreshing.then(() => this.paint()).catch((err: unknown) => {
      console.warn('peerhub: storage view could not be read', err);
    });
  }

  private toggle(): void {
    this.panel.hidden = !this.panel.hidden;
    this.button.setAttribute('aria-expanded', String(this.open));
    this.refresh();
  }

  private async paint(): Promise<void> {
    const facts = await this.actions.facts();
    const total = facts.usage === null ? formatBytes(facts.transfers + facts.documents) : formatBytes(facts.usage);
    const parts: HTMLElement[] = [
      el('p', {
        className: 'storage-summary',
        text: t('storage.summary', { total, transfers: formatBytes(facts.transfers), documents: formatBytes(facts.documents) }),
      }),
    ];
    for (const problem of this.problems) parts.push(el('p', { className: 'field-error', text: problem, attrs: { role: 'alert' } }));

    parts.push(el('h3', { text: t('storage.unfinished') }));
    if (facts.unfinished.length === 0) {
      parts.push(el('p', { className: 'files-hint', text: t('storage.none') }));
    } else {
      const list = el('ul', { className: 'storage-list', attrs: { 'aria-label': t('storage.unfinished') } });
      for (const u of facts.unfinished) list.append(el('li', { text: unfinishedText(u) }));
      const clear = el('button', { className: 'button', text: t('storage.clear'), attrs: { type: 'button' } });
      clear.addEventListener('click', () => {
        this.actions.clearUnfinished();
        this.refresh();
      });
      parts.push(list, clear);
    }

    if (facts.kept.length > 0) {
      const bytes = facts.kept.reduce((n, v) => n + v.totalBytes, 0);
      const release = el('button', { className: 'button', text: t('storage.deleteKept'), attrs: { type: 'button' } });
      release.addEventListener('click', () => void this.actions.releaseCopies().then(() => this.refresh()));
      parts.push(
        el('p', {
          className: 'files-hint',
          text: t('storage.kept', { size: formatBytes(bytes) }),
        }),
        release,
      );
    }
    this.panel.replaceChildren(el('h2', { text: t('storage.button') }), ...parts);
  }
}

function unfinishedText(u: UnfinishedTransfer): string {
  const v = u.view;
  const what = v.names.length === 1 ? v.names[0]! : t('common.files', { count: v.names.length });
  const held = t('storage.held', { done: formatBytes(v.doneBytes), total: formatBytes(v.totalBytes) });
  const until = u.expires === null
    ? t('storage.noReload')
    : t('storage.until', { date: new Date(u.expires).toLocaleString(locale()) });
  return t('storage.item', { what, name: v.peerName, held, until });
}
