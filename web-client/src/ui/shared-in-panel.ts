/**
 * In the room: what was shared to Peerhub from the system and carried here by the chooser
 * (share-target/), with one button per person who can receive it now. Sending is the normal
 * offer, so the receiver accepts, the files are verified, and the hub's policy applies as for any
 * file; the share leaves the inbox only once it was offered to someone.
 */
import { PENDING_SHARE_KEY, ShareInbox, type SharedItem } from '../share-target/share-inbox';
import { formatBytes } from '../transfer/view';
import { el, required } from './dom';
import { t } from '../i18n';

export interface SharedInActions {
  /** Who can be sent to now: connected and verified. */
  receivers: () => { id: string; name: string }[];
  send: (peerIds: string[], files: File[]) => void;
  putInChat: (text: string) => void;
}

export class SharedInPanel {
  private item: SharedItem | null = null;
  private inbox: ShareInbox | null = null;
  private readonly what: HTMLElement;
  private readonly people: HTMLElement;
  private readonly textButton: HTMLButtonElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: SharedInActions,
  ) {
    this.what = required('#shared-in-what', root);
    this.people = required('#shared-in-people', root);
    this.textButton = required<HTMLButtonElement>('#shared-in-text', root);
    this.textButton.addEventListener('click', () => {
      if (!this.item) return;
      this.actions.putInChat(this.item.text);
      this.item = { ...this.item, text: '' };
      this.doneIfEmpty();
    });
    required<HTMLButtonElement>('#shared-in-discard', root).addEventListener('click', () => this.finish());
  }

  /** Shows the share this tab was sent here with, if any. */
  async start(): Promise<void> {
    let id: string | null = null;
    try {
      id = sessionStorage.getItem(PENDING_SHARE_KEY);
    } catch {
      return;
    }
    if (!id) return;
    try {
      this.inbox = await ShareInbox.open();
      this.item = await this.inbox.get(id);
    } catch (err) {
      console.warn('peerhub: the shared files could not be read', err);
    }
    if (!this.item) {
      this.forgetPending();
      return;
    }
    this.root.hidden = false;
    this.refresh();
  }

  /** People came, left or were verified: the buttons follow. */
  refresh(): void {
    const item = this.item;
    if (!item) return;
    const n = item.files.length;
    const total = item.files.reduce((sum, f) => sum + f.size, 0);
    this.what.textContent = n > 0
      ? n === 1
        ? t('sharedIn.oneFile', { name: item.files[0]!.name, size: formatBytes(total) })
        : t('sharedIn.files', { count: n, size: formatBytes(total) })
      : t('sharedIn.text');
    this.textButton.hidden = item.text === '';
    const receivers = this.actions.receivers();
    if (n === 0) {
      this.people.replaceChildren();
    } else if (receivers.length === 0) {
      this.people.replaceChildren(el('span', { className: 'files-hint', text: t('sharedIn.nobody') }));
    } else {
      const buttons = receivers.map((p) => {
        const button = el('button', { className: 'button small primary', text: t('sharedIn.sendTo', { name: p.name }), attrs: { type: 'button' } });
        button.addEventListener('click', () => this.sendTo([p.id]));
        return button;
      });
      if (receivers.length > 1) {
        const all = el('button', { className: 'button small', text: t('sharedIn.everyone'), attrs: { type: 'button' } });
        all.addEventListener('click', () => this.sendTo(receivers.map((p) => p.id)));
        buttons.push(all);
      }
      this.people.replaceChildren(...buttons);
    }
  }

  private sendTo(peerIds: string[]): void {
    if (!this.item) return;
    this.actions.send(peerIds, this.item.files);
    this.item = { ...this.item, files: [] };
    this.doneIfEmpty();
  }

  private doneIfEmpty(): void {
    if (this.item && (this.item.files.length > 0 || this.item.text !== '')) this.refresh();
    else this.finish();
  }

  private finish(): void {
    const id = this.item?.id;
    this.item = null;
    this.root.hidden = true;
    this.forgetPending();
    if (id) void this.inbox?.delete(id);
  }

  private forgetPending(): void {
    try {
      sessionStorage.removeItem(PENDING_SHARE_KEY);
    } catch {
      // Nothing to forget where storage is refused.
    }
  }
}
