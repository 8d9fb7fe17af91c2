/**
 * The room's shared files: a search box named `Search shared files` that asks every sharing peer
 * (the server never sees the query), the files found as each peer answers — name, folder, size,
 * who has it — with `Download` on each and `Download selected` for a batch; and the same list
 * for one peer's whole share when its avatar's `Browse shared files` is used. Every name shown is
 * a peer's claim, rendered as text.
 */
import { t } from '../i18n';
import { el, required } from './dom';
import { formatBytes } from '../transfer/view';
import { hitKey, type SearchView, type ShareHit } from '../share/shared-files';

export interface SharedFilesActions {
  find(text: string): void;
  more(peerId: string): void;
  download(hits: ShareHit[]): void;
}

/** Typing settles this long before a search goes out: a word, not every key, is a query. */
const SEARCH_DELAY_MS = 250;
/** Rows drawn at most: the page may hold 100,000 entries, a person reads the first ones. */
const MAX_ROWS = 500;

export class SharedFilesPanel {
  private readonly input: HTMLInputElement;
  private readonly hint: HTMLElement;
  private readonly status: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly more: HTMLElement;
  private readonly downloadSelected: HTMLButtonElement;
  private readonly selected = new Map<string, ShareHit>();
  private view: SearchView | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    root: ParentNode,
    private readonly actions: SharedFilesActions,
    private readonly peerName: (peerId: string) => string,
  ) {
    this.input = required<HTMLInputElement>('#shared-search', root);
    this.hint = required<HTMLElement>('#shared-files-hint', root);
    this.status = required<HTMLElement>('#shared-status', root);
    this.list = required<HTMLUListElement>('#shared-results', root);
    this.more = required<HTMLElement>('#shared-more', root);
    this.downloadSelected = required<HTMLButtonElement>('#shared-download-selected', root);
    required<HTMLFormElement>('#shared-search-form', root).addEventListener('submit', (event) => {
      event.preventDefault();
      this.searchNow();
    });
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.searchNow(), SEARCH_DELAY_MS);
    });
    this.downloadSelected.addEventListener('click', () => {
      const hits = [...this.selected.values()];
      this.selected.clear();
      this.actions.download(hits);
      this.render();
    });
  }

  /** Who shares: the hint says it in words, so a person knows whom a search asks. */
  sharers(sharers: Map<string, { files: number; bytes: number }>): void {
    if (sharers.size === 0) {
      this.hint.textContent = t('shared.nobody');
      return;
    }
    const who = [...sharers].map(([id, s]) =>
      t('shared.sharer', { name: this.peerName(id), files: t('common.files', { count: s.files }), size: formatBytes(s.bytes) }));
    this.hint.textContent = t('shared.sharers', { who: who.join(t('list.separator')) });
  }

  show(view: SearchView): void {
    if (this.view?.id !== view.id) this.selected.clear();
    this.view = view;
    this.render();
  }

  private searchNow(): void {
    clearTimeout(this.timer);
    this.actions.find(this.input.value);
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    this.status.textContent = statusText(view, this.peerName);
    const rows = view.hits.slice(0, MAX_ROWS).map((hit) => this.row(hit));
    this.list.replaceChildren(...rows);
    this.more.replaceChildren(
      ...[...view.more.keys()].map((peerId) => {
        const button = el('button', { className: 'button small', text: t('shared.more', { name: this.peerName(peerId) }), attrs: { type: 'button' } });
        button.addEventListener('click', () => this.actions.more(peerId));
        return button;
      }),
    );
    this.downloadSelected.hidden = this.selected.size === 0;
    this.downloadSelected.textContent = t('shared.downloadSelectedCount', { count: this.selected.size });
  }

  private row(hit: ShareHit): HTMLLIElement {
    const name = hit.entry.path[hit.entry.path.length - 1]!;
    const folder = hit.entry.path.slice(0, -1).join('/');
    const key = hitKey(hit);
    const pick = el('input', { attrs: { type: 'checkbox', 'aria-label': t('shared.select', { file: name, name: hit.peerName }) } });
    pick.checked = this.selected.has(key);
    pick.addEventListener('change', () => {
      if (pick.checked) this.selected.set(key, hit);
      else this.selected.delete(key);
      this.downloadSelected.hidden = this.selected.size === 0;
      this.downloadSelected.textContent = t('shared.downloadSelectedCount', { count: this.selected.size });
    });
    const download = el('button', {
      className: 'button small',
      text: t('shared.download'),
      attrs: { type: 'button', 'aria-label': t('shared.downloadLabel', { file: name, name: hit.peerName }) },
    });
    download.addEventListener('click', () => this.actions.download([hit]));
    return el(
      'li',
      { className: 'shared-hit', attrs: { 'aria-label': t('shared.hit', { file: name, size: formatBytes(hit.entry.size), name: hit.peerName }) } },
      pick,
      el('span', { className: 'shared-name', text: name }),
      el('span', { className: 'shared-folder', text: folder === '' ? t('shared.topFolder') : folder }),
      el('span', { className: 'shared-size', text: formatBytes(hit.entry.size) }),
      el('span', { className: 'shared-peer', text: t('shared.on', { name: hit.peerName }) }),
      download,
    );
  }
}

function statusText(view: SearchView, peerName: (id: string) => string): string {
  const what = view.browsing !== null ? t('shared.theirFiles', { name: peerName(view.browsing) }) : t('shared.query', { text: view.text });
  if (view.asked.length === 0) return view.browsing !== null ? t('shared.sharesNothing', { name: peerName(view.browsing) }) : t('shared.nobody');
  const waiting = view.asked.length - view.answered.length;
  const found = t('shared.hits', { count: view.hits.length });
  const tail = waiting > 0 ? t('shared.waiting', { waiting, peers: t('shared.peers', { count: view.asked.length }) }) : '';
  const full = view.full ? t('shared.full') : '';
  return t('shared.status', { what, found, waiting: tail, full });
}
