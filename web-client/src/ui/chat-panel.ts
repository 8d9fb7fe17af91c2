/**
 * The chat panel: a role="log" history (each entry: sender, time, text with its web links
 * clickable), the composer (a textarea labelled `Message`; Enter sends, Shift+Enter adds a
 * line; a `Send` button) and `Clear chat history`. Entries are placed in the room's one order
 * (ts, device, id), so history that arrives late lands where it belongs. Direct texts say so, and
 * have a `Copy` button.
 */
import { locale, t } from '../i18n';
import type { ChatEntry } from '../chat';
import { el, required } from './dom';
import { linkified } from './linkify';

/** Within this many pixels of the bottom we follow new messages; further up, the reader is reading. */
const STICKY_BOTTOM_PX = 48;
/**
 * History arrives in many batches (a 10,000-message answer is dozens of messages); they are put
 * on screen together at most this often, so the log is laid out once per flush, not per batch.
 */
const FLUSH_MS = 50;

function compareOrder(a: ChatEntry['order'], b: ChatEntry['order']): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;
}

export interface ChatPanelActions {
  /** Resolves to an error to show, or null when the message went out (the field is cleared). */
  send(text: string): Promise<string | null>;
  clearHistory(): Promise<void>;
  copy(text: string): Promise<boolean>;
}

export class ChatPanel {
  private readonly log: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly hint: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly shown: { order: ChatEntry['order']; node: HTMLElement; key: string }[] = [];
  private readonly keys = new Set<string>();
  private pending: ChatEntry[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  // Made on the first message shown, not with the panel: a page's first DateTimeFormat loads ICU
  // data on the main thread (17–31 ms each, measured cold), and the panel is built during the join.
  private timeFormat: Intl.DateTimeFormat | null = null;
  private dayFormat: Intl.DateTimeFormat | null = null;

  constructor(root: HTMLElement, private readonly actions: ChatPanelActions) {
    this.log = required<HTMLElement>('[role="log"]', root);
    this.input = required<HTMLTextAreaElement>('#chat-input', root);
    this.hint = required<HTMLElement>('#chat-hint', root);
    this.empty = required<HTMLElement>('.chat-empty', root);
    const form = required<HTMLFormElement>('form', root);
    const clear = required<HTMLButtonElement>('#clear-chat', root);

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        void this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.autosize();
      this.setHint('');
    });
    clear.addEventListener('click', () => {
      if (!confirm(t('chat.confirmClear'))) return;
      void this.actions.clearHistory().then(
        () => this.setHint(t('chat.cleared')),
        () => this.setHint(t('chat.clearFailed')),
      );
    });
  }

  /** A live message: shown at once (with whatever history is waiting). */
  add(entry: ChatEntry): void {
    this.pending.push(entry);
    this.flush();
  }

  /** Many at once (storage, a peer's history): shown with the next flush. */
  addMany(entries: readonly ChatEntry[]): void {
    this.pending.push(...entries);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Places what is pending in the room's order; one already shown (same sender and id) is skipped. */
  private flush(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const entries = this.pending.sort((a, b) => compareOrder(a.order, b.order));
    this.pending = [];
    if (entries.length === 0) return;
    const stick = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < STICKY_BOTTOM_PX;
    let mine = false;
    // Runs that go at the end (the usual case) are appended as one fragment.
    let tail: DocumentFragment | null = null;
    for (const entry of entries) {
      const key = `${entry.direct ?? 'room'} ${entry.device ?? entry.from ?? ''} ${entry.id}`;
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      mine ||= entry.mine;
      const node = this.render(entry);
      const at = this.position(entry.order);
      if (at === this.shown.length) {
        tail ??= document.createDocumentFragment();
        tail.append(node);
      } else {
        if (tail) this.log.append(tail);
        tail = null;
        this.log.insertBefore(node, this.shown[at]!.node);
      }
      this.shown.splice(at, 0, { order: entry.order, node, key });
    }
    if (tail) this.log.append(tail);
    this.empty.hidden = this.shown.length > 0;
    if (stick || mine) this.log.scrollTop = this.log.scrollHeight;
  }

  /** The kept history was cleared: kept entries go; direct texts and unsigned ones stay on screen. */
  clearKept(): void {
    this.pending = this.pending.filter((e) => !e.kept);
    for (let i = this.shown.length - 1; i >= 0; i--) {
      const item = this.shown[i]!;
      if (item.node.dataset.kept !== 'true') continue;
      item.node.remove();
      this.keys.delete(item.key);
      this.shown.splice(i, 1);
    }
    this.empty.hidden = this.shown.length > 0;
  }

  /** A short note under the composer (delivery problems, limits); empty clears it. */
  setHint(text: string): void {
    this.hint.textContent = text;
  }

  private render(entry: ChatEntry): HTMLElement {
    const when = new Date(entry.ts);
    const today = new Date().toDateString() === when.toDateString();
    const classes = ['chat-entry'];
    if (entry.mine) classes.push('mine');
    if (entry.direct) classes.push('direct');
    const sender =
      entry.direct === 'to'
        ? t('chat.toPeer', { name: entry.peerName ?? t('chat.someone') })
        : entry.direct === 'from' ? t('chat.fromPeer', { name: entry.fromName }) : entry.fromName;
    const meta = el(
      'div',
      { className: 'chat-meta' },
      el('span', { className: 'chat-sender', text: sender }),
      entry.knownAs ? el('span', { className: 'chat-known-as', text: t('chat.nowKnownAs', { name: entry.knownAs }) }) : null,
      entry.device && !entry.mine
        ? el('span', { className: 'chat-device', text: `#${entry.device.slice(0, 6)}`, attrs: { title: t('chat.device', { device: entry.device }) } })
        : null,
      entry.direct ? el('span', { className: 'chat-direct', text: t('chat.direct') }) : null,
      ' ',
      el('time', {
        className: 'chat-time',
        text: today
          ? (this.timeFormat ??= new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' })).format(when)
          : (this.dayFormat ??= new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' })).format(when),
        attrs: { datetime: when.toISOString() },
      }),
    );
    const text = el('p', { className: 'chat-text' });
    text.append(linkified(entry.text));
    const item = el('div', { className: classes.join(' '), attrs: { 'data-kept': String(entry.kept) } }, meta, text);
    if (entry.direct) {
      const copy = el('button', { className: 'button small chat-copy', text: t('common.copy'), attrs: { type: 'button' } });
      copy.addEventListener('click', () => {
        void this.actions.copy(entry.text).then((ok) => {
          copy.textContent = t(ok ? 'common.copied' : 'common.copyFailed');
          setTimeout(() => (copy.textContent = t('common.copy')), 2000);
        });
      });
      item.append(copy);
    }
    if (entry.device) item.dataset.device = entry.device;
    if (entry.fromHistory) item.dataset.history = 'true';
    return item;
  }

  /** Where an entry of this order goes; from the end, since new ones are usually newest. */
  private position(order: ChatEntry['order']): number {
    let at = this.shown.length;
    while (at > 0 && compareOrder(this.shown[at - 1]!.order, order) > 0) at--;
    return at;
  }

  private async submit(): Promise<void> {
    const value = this.input.value;
    const error = await this.actions.send(value);
    if (error) {
      this.setHint(error);
      return;
    }
    if (this.input.value === value) this.input.value = '';
    this.autosize();
    this.input.focus();
  }

  /** Grows the textarea with its content up to a few lines (CSS caps the height). */
  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${this.input.scrollHeight}px`;
  }
}
