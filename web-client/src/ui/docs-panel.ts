/**
 * The documents section: the room's list of documents (a button per document, the open one
 * marked `aria-current`), `New document`, a title field to rename the open document, and the
 * editor host. It knows the DOM only; what the buttons do is the caller's.
 */
import { t } from '../i18n';
import { el } from './dom';
import type { DocListing } from '../docs/documents';
import './docs-panel.css';

export interface DocsPanelActions {
  open(docId: string): void;
  create(): void;
  rename(docId: string, title: string): string | null;
}

export class DocsPanel {
  readonly root: HTMLElement;
  readonly editorHost: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly titleInput: HTMLInputElement;
  private readonly titleError: HTMLElement;
  private readonly notice: HTMLElement;
  private openId: string | null = null;
  private listing: DocListing[] = [];

  constructor(parent: HTMLElement, private readonly actions: DocsPanelActions) {
    this.list = el('ul', { className: 'doc-list', attrs: { 'aria-label': t('docs.title') } });
    const newButton = el('button', { className: 'button', text: t('docs.new'), attrs: { type: 'button' } });
    newButton.addEventListener('click', () => actions.create());
    this.titleInput = el('input', {
      attrs: { id: 'doc-title', type: 'text', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'done' },
    });
    this.titleError = el('p', { className: 'field-error', attrs: { role: 'alert' } });
    this.titleError.hidden = true;
    const form = el(
      'form',
      { className: 'doc-title-form' },
      el('label', { text: t('docs.titleLabel'), attrs: { for: 'doc-title' } }),
      this.titleInput,
      el('button', { className: 'button small', text: t('docs.rename'), attrs: { type: 'submit' } }),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.openId) return;
      const error = actions.rename(this.openId, this.titleInput.value);
      this.titleError.textContent = error ?? '';
      this.titleError.hidden = !error;
    });
    // Why an edit or others' changes were not taken (a size cap), in words, read out once.
    this.notice = el('p', { className: 'doc-notice', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.notice.hidden = true;
    this.editorHost = el('div', { className: 'doc-editor' });
    this.root = el(
      'section',
      { className: 'docs', attrs: { id: 'docs', 'aria-labelledby': 'docs-title' } },
      el('div', { className: 'docs-bar' }, el('h2', { text: t('docs.title'), attrs: { id: 'docs-title' } }), this.list, newButton),
      form,
      this.titleError,
      this.notice,
      this.editorHost,
    );
    parent.append(this.root);
  }

  showList(listing: DocListing[]): void {
    this.listing = listing;
    this.list.replaceChildren(
      ...listing.map(({ id, title }) => {
        const button = el('button', { className: 'doc-tab', text: title, attrs: { type: 'button' } });
        if (id === this.openId) button.setAttribute('aria-current', 'true');
        button.addEventListener('click', () => this.actions.open(id));
        return el('li', {}, button);
      }),
    );
    this.syncTitle(false);
  }

  /** Shows a notice above the editor, or hides it (null). */
  showNotice(text: string | null): void {
    this.notice.textContent = text ?? '';
    this.notice.hidden = text === null;
  }

  markOpen(docId: string): void {
    this.openId = docId;
    this.editorHost.dataset.docId = docId;
    this.showList(this.listing);
    this.syncTitle(true);
  }

  /** Keeps the title field on the open document's title, unless the user is typing in it. */
  private syncTitle(force: boolean): void {
    const title = this.listing.find((d) => d.id === this.openId)?.title ?? '';
    if (force || document.activeElement !== this.titleInput) this.titleInput.value = title;
  }
}
