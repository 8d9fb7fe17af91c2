/**
 * My own avatar (not a button: there is nothing to do with yourself) and the `Your name` field.
 * A name is committed on Enter or blur; a name that breaks the rule is refused with a visible
 * message and the field goes back to the name in use.
 */
import { t } from '../i18n';
import type { NameCheck } from '../protocol';
import { paintFace } from './avatar';
import { required } from './dom';

/** How long a refusal stays on screen: long enough to read twice. */
const MESSAGE_MS = 6_000;

export class SelfPanel {
  private readonly input: HTMLInputElement;
  private readonly face: HTMLElement;
  private readonly message: HTMLElement;
  private readonly nameLabel: HTMLElement;
  private current: string;
  private messageTimer: ReturnType<typeof setTimeout> | null = null;

  /** `commit` applies a new name and says whether it follows the rule. */
  constructor(root: HTMLElement, name: string, private readonly commit: (name: string) => NameCheck) {
    this.input = required<HTMLInputElement>('#self-name', root);
    this.face = required<HTMLElement>('.avatar-face', root);
    this.message = required<HTMLElement>('#self-name-message', root);
    this.nameLabel = required<HTMLElement>('.self-display-name', root);
    this.current = name;
    this.show(name);

    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        this.tryCommit();
      } else if (event.key === 'Escape') {
        this.input.value = this.current;
        this.input.blur();
      }
    });
    this.input.addEventListener('blur', () => this.tryCommit());
    this.input.addEventListener('input', () => this.clearMessage());
    // The page ships the field disabled: the room code loads after the page shows (room-entry.ts),
    // and a name typed before these listeners existed was overwritten by show() above, unsent.
    this.input.disabled = false;
  }

  /** The server refused a name that passed our check: go back to `previous` and say why. */
  refuse(reason: string, previous: string): void {
    this.current = previous;
    this.show(previous);
    this.say(reason);
  }

  private tryCommit(): void {
    const value = this.input.value;
    if (value === this.current) return;
    const check = this.commit(value);
    if (check.ok) {
      this.current = check.name;
      this.show(check.name);
      this.clearMessage();
    } else {
      this.show(this.current);
      this.say(t('self.nameRefused', { reason: check.reason, name: this.current }));
    }
  }

  private show(name: string): void {
    if (this.input.value !== name) this.input.value = name;
    this.nameLabel.textContent = name;
    paintFace(this.face, name);
  }

  private say(text: string): void {
    this.message.textContent = text;
    this.message.hidden = false;
    if (this.messageTimer) clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(() => this.clearMessage(), MESSAGE_MS);
  }

  private clearMessage(): void {
    this.message.hidden = true;
    this.message.textContent = '';
  }
}
