/**
 * The chat panel: a role="log" history (each entry: sender, time, text) and the composer
 * (a textarea labelled `Message`; Enter sends, Shift+Enter adds a line; a `Send` button).
 */
import type { ChatEntry } from '../chat';
import { el, required } from './dom';

/** Within this many pixels of the bottom we follow new messages; further up, the reader is reading. */
const STICKY_BOTTOM_PX = 48;

export class ChatPanel {
  private readonly log: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly hint: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

  /** `send` returns an error to show, or null when the message went out (the field is cleared). */
  constructor(root: HTMLElement, private readonly send: (text: string) => string | null) {
    this.log = required<HTMLElement>('[role="log"]', root);
    this.input = required<HTMLTextAreaElement>('#chat-input', root);
    this.hint = required<HTMLElement>('#chat-hint', root);
    this.empty = required<HTMLElement>('.chat-empty', root);
    const form = required<HTMLFormElement>('form', root);

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.autosize();
      this.setHint('');
    });
  }

  add(entry: ChatEntry): void {
    const stick = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < STICKY_BOTTOM_PX;
    const when = new Date(entry.ts);
    const item = el(
      'div',
      { className: entry.mine ? 'chat-entry mine' : 'chat-entry' },
      el(
        'div',
        { className: 'chat-meta' },
        el('span', { className: 'chat-sender', text: entry.fromName }),
        ' ',
        el('time', { className: 'chat-time', text: this.timeFormat.format(when), attrs: { datetime: when.toISOString() } }),
      ),
      el('p', { className: 'chat-text', text: entry.text }),
    );
    this.empty.hidden = true;
    this.log.append(item);
    if (stick || entry.mine) this.log.scrollTop = this.log.scrollHeight;
  }

  /** A short note under the composer (delivery problems, limits); empty clears it. */
  setHint(text: string): void {
    this.hint.textContent = text;
  }

  private submit(): void {
    const error = this.send(this.input.value);
    if (error) {
      this.setHint(error);
      return;
    }
    this.input.value = '';
    this.autosize();
    this.input.focus();
  }

  /** Grows the textarea with its content up to a few lines (CSS caps the height). */
  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${this.input.scrollHeight}px`;
  }
}
