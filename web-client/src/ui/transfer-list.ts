/**
 * The files panel: incoming offers (with `Accept` / `Decline`) and one item per transfer with a
 * progressbar (named after the file in progress), percent, speed, time left, `Cancel`, and
 * "verified" once the hash matched. Every name is set as text, never as HTML.
 */
import { t } from '../i18n';
import type { IncomingOffer } from '../transfer/transfers';
import { formatBytes, isFinal, type TransferView } from '../transfer/view';
import { el } from './dom';
import { fileHashes } from './file-hashes';

/** Offers list at most this many names; the rest is counted. */
const OFFER_NAMES_SHOWN = 20;

interface Item {
  node: HTMLLIElement;
  bar: HTMLElement;
  fill: HTMLElement;
  stats: HTMLElement;
  detail: HTMLElement;
  cancel: HTMLButtonElement;
  save: HTMLButtonElement;
  hashes: HTMLDetailsElement | null;
  sample: { at: number; bytes: number; speed: number };
}

export interface TransferListActions {
  accept(id: string): void;
  decline(id: string): void;
  cancel(id: string): void;
  save(id: string): void;
}

export class TransferList {
  private readonly items = new Map<string, Item>();
  private readonly offerNodes = new Map<string, HTMLElement>();

  constructor(
    private readonly offersRoot: HTMLElement,
    private readonly list: HTMLUListElement,
    private readonly actions: TransferListActions,
  ) {}

  showOffer(offer: IncomingOffer): void {
    const count = offer.files.length;
    const summary = t('offer.summary', { name: offer.senderName, files: t('common.files', { count }), size: formatBytes(offer.totalBytes) });
    const names = el('ul', { className: 'offer-names' });
    for (const f of offer.files.slice(0, OFFER_NAMES_SHOWN)) {
      names.append(el('li', { text: t('offer.file', { path: f.path.join('/'), size: formatBytes(f.size) }) }));
    }
    if (count > OFFER_NAMES_SHOWN) names.append(el('li', { text: t('offer.more', { count: count - OFFER_NAMES_SHOWN }) }));
    const accept = el('button', { className: 'button primary', text: t('offer.accept'), attrs: { type: 'button' } });
    const decline = el('button', { className: 'button', text: t('offer.decline'), attrs: { type: 'button' } });
    const card = el(
      'div',
      { className: 'offer', attrs: { role: 'group', 'aria-label': t('offer.group', { name: offer.senderName }) } },
      el('p', { className: 'offer-summary', text: summary }),
      names,
      el('div', { className: 'offer-actions' }, accept, decline),
    );
    accept.addEventListener('click', () => {
      this.hideOffer(offer.id);
      this.actions.accept(offer.id);
    });
    decline.addEventListener('click', () => {
      this.hideOffer(offer.id);
      this.actions.decline(offer.id);
    });
    this.offerNodes.set(offer.id, card);
    this.offersRoot.append(card);
  }

  /** Moves the keyboard to the offer's Accept; false when the offer is gone. */
  focusOffer(id: string): boolean {
    const accept = this.offerNodes.get(id)?.querySelector<HTMLButtonElement>('.offer-actions .primary');
    if (!accept) return false;
    accept.focus();
    accept.scrollIntoView({ block: 'nearest' });
    return true;
  }

  hideOffer(id: string): void {
    const node = this.offerNodes.get(id);
    // The keyboard was on this offer: leave it somewhere near, not on a removed node (the page's start).
    if (node?.contains(document.activeElement)) this.list.focus();
    this.offerNodes.get(id)?.remove();
    this.offerNodes.delete(id);
  }

  update(view: TransferView): void {
    const item = this.items.get(view.id) ?? this.create(view);
    const percent = view.totalBytes === 0 ? (view.state === 'verified' ? 100 : 0) : Math.floor((100 * view.doneBytes) / view.totalBytes);
    item.node.dataset.state = view.state;
    if (item.bar.getAttribute('aria-valuenow') !== String(percent)) {
      item.bar.setAttribute('aria-valuenow', String(percent));
      item.bar.setAttribute('aria-valuetext', `${percent}%`);
      // A transform, not a width: the compositor moves it, no layout on the main thread per frame.
      item.fill.style.transform = `scaleX(${percent / 100})`;
    }
    item.bar.setAttribute('aria-label', progressName(view));

    const now = performance.now();
    const dt = (now - item.sample.at) / 1000;
    if (dt >= 0.25) {
      const rate = Math.max(0, view.doneBytes - item.sample.bytes) / dt;
      item.sample = { at: now, bytes: view.doneBytes, speed: item.sample.speed === 0 ? rate : 0.7 * item.sample.speed + 0.3 * rate };
    }
    const parts = [`${percent}%`, t('transfer.doneOf', { done: formatBytes(view.doneBytes), total: formatBytes(view.totalBytes) })];
    if (view.state === 'active' && item.sample.speed > 0) {
      parts.push(t('transfer.perSecond', { size: formatBytes(item.sample.speed) }));
      parts.push(t('transfer.left', { time: formatDuration((view.totalBytes - view.doneBytes) / item.sample.speed) }));
    }
    item.stats.textContent = parts.join(' · ');
    item.detail.textContent = view.warning ? `${stateText(view)} ${view.warning}`.trim() : stateText(view);
    item.cancel.hidden = isFinal(view.state);
    item.save.hidden = !view.canSave;
    if (view.sha256 && !item.hashes) {
      item.hashes = fileHashes(view.names, view.sha256);
      item.detail.after(item.hashes);
    }
  }

  private create(view: TransferView): Item {
    const who = view.heldBack ? t('transfer.notSent') : t(view.direction === 'out' ? 'transfer.to' : 'transfer.from', { name: view.peerName });
    const title = view.names.length === 1
      ? view.names[0]!
      : t('transfer.title', { files: t('common.files', { count: view.names.length }), names: `${view.names.slice(0, 3).join(', ')}${view.names.length > 3 ? '…' : ''}` });
    const fill = el('div', { className: 'progress-fill' });
    const bar = el('div', { className: 'progress', attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' } }, fill);
    const stats = el('p', { className: 'transfer-stats' });
    const detail = el('p', { className: 'transfer-detail' });
    const cancel = el('button', { className: 'button', text: t('common.cancel'), attrs: { type: 'button' } });
    const save = el('button', { className: 'button', text: t('transfer.saveAgain'), attrs: { type: 'button' } });
    save.hidden = true;
    cancel.addEventListener('click', () => this.actions.cancel(view.id));
    save.addEventListener('click', () => this.actions.save(view.id));
    const node = el(
      'li',
      { className: `transfer ${view.direction}` },
      el('p', { className: 'transfer-who', text: who }),
      el('p', { className: 'transfer-title', text: title }),
      bar,
      stats,
      detail,
      el('div', { className: 'transfer-actions' }, cancel, save),
    );
    const item: Item = { node, bar, fill, stats, detail, cancel, save, hashes: null, sample: { at: performance.now(), bytes: view.doneBytes, speed: 0 } };
    this.items.set(view.id, item);
    this.list.prepend(node);
    return item;
  }
}

/** "big.bin from Alice"; for several files the one in progress, else "3 files". */
function progressName(view: TransferView): string {
  const file = view.names.length === 1
    ? view.names[0]!
    : view.state === 'active' ? view.names[view.currentFile] ?? t('common.files', { count: view.names.length }) : t('common.files', { count: view.names.length });
  if (view.heldBack) return t('transfer.fileNotSent', { file });
  return t(view.direction === 'out' ? 'transfer.fileTo' : 'transfer.fileFrom', { file, name: view.peerName });
}

function stateText(view: TransferView): string {
  switch (view.state) {
    case 'verified':
      return view.direction === 'in' ? t('transfer.verifiedSaved', { detail: view.detail }).trim() : t('transfer.verified', { detail: view.detail });
    case 'failed':
      return t('transfer.failed', { detail: view.detail });
    case 'active':
      return t(view.direction === 'out' ? 'transfer.sending' : 'transfer.receiving');
    default:
      return view.detail;
  }
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return t('duration.seconds', { s: Math.ceil(seconds) });
  const m = Math.floor(seconds / 60);
  return m < 60 ? t('duration.minutes', { m, s: Math.round(seconds % 60) }) : t('duration.hours', { h: Math.floor(m / 60), m: m % 60 });
}
