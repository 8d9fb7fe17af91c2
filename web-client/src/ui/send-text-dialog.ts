/**
 * `Send text` to one person: a modal dialog with a textarea labelled "Text for NAME", `Send` and
 * `Cancel`. Enter adds a line (texts are often addresses or code); Ctrl/Cmd+Enter sends. Escape
 * closes it, and focus goes back to where it was (the avatar's button).
 */
import { t } from '../i18n';
import { el } from './dom';

export class SendTextDialog {
  private readonly dialog: HTMLDialogElement;
  private readonly label: HTMLLabelElement;
  private readonly input: HTMLTextAreaElement;
  private readonly hint: HTMLElement;
  private target: { id: string; name: string } | null = null;
  private returnFocus: HTMLElement | null = null;

  /** `send` returns an error to show, or null when the text went out. */
  constructor(parent: HTMLElement, private readonly send: (peerId: string, peerName: string, text: string) => string | null) {
    this.input = el('textarea', { attrs: { id: 'send-text-input', rows: '4' } });
    this.label = el('label', { attrs: { for: 'send-text-input' } });
    this.hint = el('p', { className: 'chat-hint', attrs: { 'aria-live': 'polite' } });
    const sendButton = el('button', { className: 'button primary', text: t('common.send'), attrs: { type: 'submit' } });
    const cancel = el('button', { className: 'button', text: t('common.cancel'), attrs: { type: 'button' } });
    const form = el(
      'form',
      { className: 'send-text-form', attrs: { method: 'dialog' } },
      this.label,
      this.input,
      el('p', { className: 'files-hint', text: t('sendText.hint') }),
      this.hint,
      el('div', { className: 'files-actions' }, sendButton, cancel),
    );
    this.dialog = el('dialog', { className: 'send-text-dialog', attrs: { 'aria-labelledby': 'send-text-title' } },
      el('h2', { text: t('sendText.title'), attrs: { id: 'send-text-title' } }),
      form,
    );
    parent.append(this.dialog);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => (this.hint.textContent = ''));
    cancel.addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => this.returnFocus?.focus());
  }

  open(peerId: string, peerName: string): void {
    this.target = { id: peerId, name: peerName };
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.label.textContent = t('sendText.label', { name: peerName });
    this.hint.textContent = '';
    this.input.value = '';
    this.dialog.showModal();
    this.input.focus();
  }

  private submit(): void {
    if (!this.target) return;
    const error = this.send(this.target.id, this.target.name, this.input.value);
    if (error) {
      this.hint.textContent = error;
      return;
    }
    this.dialog.close();
  }
}
