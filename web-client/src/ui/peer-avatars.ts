/**
 * The other peers' avatars. Each is a <button> whose accessible name starts with the peer's
 * name, then its state — "Amber Otter (connected)", "Inbox (connected, drop box)" — a contract
 * users of screen readers and the end-to-end tests rely on.
 */
import type { RoomPeer } from '../mesh';
import { avatarFace, paintFace } from './avatar';
import { el, icon, ICONS } from './dom';

/** Matches the CSS leave animation; the fallback removal also covers reduced motion. */
const LEAVE_MS = 260;

export function accessibleName(peer: Pick<RoomPeer, 'name' | 'state' | 'kind'>): string {
  return peer.kind === 'drop' ? `${peer.name} (${peer.state}, drop box)` : `${peer.name} (${peer.state})`;
}

export class PeerAvatars {
  private readonly items = new Map<string, HTMLLIElement>();

  constructor(
    private readonly list: HTMLUListElement,
    private readonly onSelect: (peerId: string) => void,
    private readonly onCountChange: (count: number) => void,
  ) {}

  add(peer: RoomPeer): void {
    this.items.get(peer.id)?.remove();
    const face = avatarFace(peer.name);
    const button = el(
      'button',
      { className: 'peer-button', attrs: { type: 'button' } },
      face,
      el('span', { className: 'peer-name' }),
      el('span', { className: 'peer-state' }),
    );
    button.addEventListener('click', () => this.onSelect(peer.id));
    const item = el('li', { className: 'peer entering' }, button);
    item.addEventListener('animationend', () => item.classList.remove('entering'), { once: true });
    this.items.set(peer.id, item);
    this.list.append(item);
    this.update(peer);
    this.onCountChange(this.items.size);
  }

  update(peer: RoomPeer): void {
    const item = this.items.get(peer.id);
    if (!item) return;
    item.dataset.state = peer.state;
    item.dataset.kind = peer.kind;
    const button = item.querySelector('button')!;
    button.setAttribute('aria-label', accessibleName(peer));
    button.title = accessibleName(peer);
    paintFace(button.querySelector<HTMLElement>('.avatar-face')!, peer.name);
    const face = button.querySelector<HTMLElement>('.avatar-face')!;
    const badge = face.querySelector('.avatar-badge');
    if (peer.kind === 'drop' && !badge) {
      face.append(el('span', { className: 'avatar-badge' }, icon(ICONS.dropBox)));
    } else if (peer.kind !== 'drop') {
      badge?.remove();
    }
    button.querySelector('.peer-name')!.textContent = peer.name;
    button.querySelector('.peer-state')!.textContent =
      peer.kind === 'drop' ? `${peer.state} · drop box` : peer.state;
  }

  remove(peerId: string): void {
    const item = this.items.get(peerId);
    if (!item) return;
    this.items.delete(peerId);
    // Gone for assistive tech and tests at once; the fade-out is only for the eyes.
    item.setAttribute('aria-hidden', 'true');
    item.inert = true;
    item.classList.add('leaving');
    setTimeout(() => item.remove(), LEAVE_MS);
    this.onCountChange(this.items.size);
  }

  clear(): void {
    for (const id of [...this.items.keys()]) this.remove(id);
  }
}
