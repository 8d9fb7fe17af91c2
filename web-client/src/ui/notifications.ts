/**
 * System notifications for what happens while the tab is in the background: an offer, files
 * that arrived, a text to this person. Permission is asked once, in context: a quiet prompt in
 * the files panel once someone else is in the room (so someone could send), or on a gesture that
 * shows the person expects to hear back (sending, accepting). Never on load.
 */
import { required } from './dom';

const DISMISSED_KEY = 'peerhub:notifications-prompt';

export class RoomNotifications {
  private readonly prompt: HTMLElement;

  constructor(root: ParentNode = document) {
    this.prompt = required<HTMLElement>('#notify-prompt', root);
    required<HTMLButtonElement>('#notify-allow', this.prompt).addEventListener('click', () => this.ask());
    required<HTMLButtonElement>('#notify-later', this.prompt).addEventListener('click', () => {
      remember();
      this.prompt.hidden = true;
    });
  }

  /** Someone else is here now: offer the prompt, unless the person already answered it. */
  offerPrompt(): void {
    if (supported() && Notification.permission === 'default' && !dismissed()) this.prompt.hidden = false;
  }

  /** Only from a user's gesture: browsers refuse (or penalise) a request made without one. */
  ask(): void {
    this.prompt.hidden = true;
    if (!supported() || Notification.permission !== 'default') return;
    remember();
    void Notification.requestPermission().catch(() => undefined);
  }

  /**
   * Shows a notification while the page is hidden; clicking it brings the tab forward and runs
   * `open` (e.g. focus the offer's Accept). One per `tag`: a later one replaces an earlier one.
   */
  notify(title: string, body: string, tag: string, open: () => void): void {
    if (!document.hidden || !supported() || Notification.permission !== 'granted') return;
    try {
      const note = new Notification(title, { body, tag, icon: '/icons/icon-192.png' });
      note.addEventListener('click', () => {
        window.focus();
        note.close();
        open();
      });
    } catch {
      // Android's Chrome allows notifications only from a service worker: the tab shows the offer.
    }
  }
}

function supported(): boolean {
  return typeof Notification !== 'undefined';
}

function dismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED_KEY) !== null;
  } catch {
    return false;
  }
}

function remember(): void {
  try {
    localStorage.setItem(DISMISSED_KEY, 'asked');
  } catch {
    // Storage refused: the prompt may show again next time, which is all that is lost.
  }
}
