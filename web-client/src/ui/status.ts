/**
 * Telling the user what is going on: the signaling status line in the header, short toasts
 * for passing events (someone joined, link copied), and a notice for problems that need them
 * (room full, name refused).
 */
import type { SignalingState } from '../signaling';
import { el, required } from './dom';
import { t, type Key } from '../i18n';

const STATUS_TEXT: Record<SignalingState, Key> = {
  connecting: 'status.connecting',
  connected: 'status.connected',
  reconnecting: 'status.reconnecting',
};
const STATUS_DETAIL: Record<SignalingState, Key> = {
  connecting: 'status.detail.connecting',
  connected: 'status.detail.connected',
  reconnecting: 'status.detail.reconnecting',
};

export class StatusLine {
  private readonly node: HTMLElement;
  constructor(root: ParentNode = document) {
    this.node = required<HTMLElement>('#signaling-status', root);
  }

  set(state: SignalingState): void {
    this.node.dataset.state = state;
    this.node.title = t(STATUS_DETAIL[state]);
    required<HTMLElement>('.status-text', this.node).textContent = t(STATUS_TEXT[state]);
  }
}

/** Toasts stay long enough to read and never pile up beyond a handful. */
const TOAST_MS = 4_500;
const MAX_TOASTS = 4;

export class Toasts {
  private readonly region: HTMLElement;
  constructor(root: ParentNode = document) {
    this.region = required<HTMLElement>('#toasts', root);
  }

  show(text: string): void {
    const toast = el('div', { className: 'toast', text });
    this.region.append(toast);
    while (this.region.children.length > MAX_TOASTS) this.region.firstElementChild?.remove();
    setTimeout(() => {
      toast.classList.add('leaving');
      setTimeout(() => toast.remove(), 300);
    }, TOAST_MS);
  }
}

/** A banner for a problem the user should know about until it is solved. */
export class Notice {
  private readonly node: HTMLElement;
  constructor(root: ParentNode = document) {
    this.node = required<HTMLElement>('#notice', root);
  }

  show(title: string, detail: string): void {
    this.node.replaceChildren(
      el('strong', { className: 'notice-title', text: title }),
      ' ',
      el('span', { className: 'notice-detail', text: detail }),
    );
    this.node.hidden = false;
  }

  hide(): void {
    this.node.hidden = true;
    this.node.replaceChildren();
  }
}
