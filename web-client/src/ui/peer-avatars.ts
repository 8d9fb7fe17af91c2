/**
 * The other peers' avatars. Each is a <button> whose accessible name starts with the peer's
 * name, then its state in words — "Amber Otter (connected, verified)", "Amber Otter (connected,
 * verifying…)", "Amber Otter (not verified — this connection may be intercepted)", "Inbox
 * (connected, verified, drop box)" — a contract users of screen readers and the end-to-end
 * tests rely on. Beside it, a `Details` button opens the peer's device details.
 *
 * Selecting or focusing an avatar reveals `Send files` and `Send folder` for that peer (only
 * for one peer at a time, so the names stay unambiguous); files dropped on it go to that peer.
 */
import type { RoomPeer } from '../mesh';
import { avatarFace, paintFace } from './avatar';
import { el, icon, ICONS } from './dom';
import { renderDetails, type PeerTrustFacts, type TrustActions } from './peer-details';
import { hasFiles } from './send-controls';

/** What a peer's avatar offers besides showing who it is: sending files to that peer. */
export interface AvatarActions {
  sendFiles(peerId: string): void;
  sendFolder(peerId: string): void;
  /** Files dropped on the avatar; the DataTransfer is only readable during this call. */
  drop(peerId: string, data: DataTransfer): void;
}

/** Matches the CSS leave animation; the fallback removal also covers reduced motion. */
const LEAVE_MS = 260;

export const NOT_VERIFIED = 'not verified — this connection may be intercepted';

/** The state in words: connection, then verification, then what this device knows of it. */
export function stateWords(peer: Pick<RoomPeer, 'state' | 'kind' | 'trust'>, facts: PeerTrustFacts = {}): string {
  if (peer.trust === 'not-verified') return NOT_VERIFIED;
  const words: string[] = [peer.state];
  if (peer.state === 'connected') words.push(peer.trust === 'verified' ? 'verified' : 'verifying…');
  if (facts.trusted) words.push('trusted device');
  else if (facts.impostorOf) words.push(`not the device you trusted as ${facts.impostorOf.name}`);
  if (peer.kind === 'drop') words.push('drop box');
  return words.join(', ');
}

export function accessibleName(peer: Pick<RoomPeer, 'name' | 'state' | 'kind' | 'trust'>, facts: PeerTrustFacts = {}): string {
  return `${peer.name} (${stateWords(peer, facts)})`;
}

export class PeerAvatars {
  private readonly items = new Map<string, HTMLLIElement>();
  private selected: string | null = null;

  constructor(
    private readonly list: HTMLUListElement,
    private readonly onSelect: (peerId: string) => void,
    private readonly onCountChange: (count: number) => void,
    private readonly actions?: AvatarActions,
    private readonly trust?: TrustActions,
  ) {}

  /** Shows the send buttons of one peer and hides everyone else's. */
  select(peerId: string): void {
    this.selected = peerId;
    for (const [id, item] of this.items) {
      const actions = item.querySelector<HTMLElement>('.peer-actions');
      if (actions) actions.hidden = id !== peerId;
    }
  }

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
    button.addEventListener('click', () => {
      this.select(peer.id);
      this.onSelect(peer.id);
    });
    button.addEventListener('focus', () => this.select(peer.id));
    const item = el('li', { className: 'peer entering' }, button);
    if (this.trust) this.addDetails(item, peer);
    if (this.actions) this.addActions(item, peer.id, this.actions);
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
    item.dataset.trust = peer.trust;
    const facts = this.trust?.facts(peer) ?? {};
    const button = item.querySelector('button')!;
    button.setAttribute('aria-label', accessibleName(peer, facts));
    button.title = accessibleName(peer, facts);
    paintFace(button.querySelector<HTMLElement>('.avatar-face')!, peer.name);
    const face = button.querySelector<HTMLElement>('.avatar-face')!;
    const badge = face.querySelector('.avatar-badge');
    if (peer.kind === 'drop' && !badge) {
      face.append(el('span', { className: 'avatar-badge' }, icon(ICONS.dropBox)));
    } else if (peer.kind !== 'drop') {
      badge?.remove();
    }
    button.querySelector('.peer-name')!.textContent = peer.name;
    button.querySelector('.peer-state')!.textContent = stateWords(peer, facts).split(', ').join(' · ');
    const details = item.querySelector<HTMLButtonElement>('.peer-details-button');
    const region = item.querySelector<HTMLElement>('.peer-details');
    if (this.trust && details && region) {
      details.setAttribute('aria-label', `Details for ${peer.name}`);
      region.setAttribute('aria-label', `Details of ${peer.name}`);
      if (!region.hidden) renderDetails(region, peer, facts, this.trust);
    }
  }

  private addDetails(item: HTMLLIElement, peer: RoomPeer): void {
    const regionId = `peer-details-${peer.id}`;
    const button = el('button', {
      className: 'button small peer-details-button',
      text: 'Details',
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': regionId },
    });
    const region = el('section', { className: 'peer-details', attrs: { id: regionId, role: 'region' } });
    region.hidden = true;
    button.addEventListener('click', () => {
      region.hidden = !region.hidden;
      button.setAttribute('aria-expanded', String(!region.hidden));
      // The peer object is the mesh's, updated in place: the current one is rendered.
      if (!region.hidden) this.update(peer);
    });
    item.append(button, region);
  }

  private addActions(item: HTMLLIElement, peerId: string, actions: AvatarActions): void {
    const sendFiles = el('button', { className: 'button small', text: 'Send files', attrs: { type: 'button' } });
    const sendFolder = el('button', { className: 'button small', text: 'Send folder', attrs: { type: 'button' } });
    sendFiles.addEventListener('click', () => actions.sendFiles(peerId));
    sendFolder.addEventListener('click', () => actions.sendFolder(peerId));
    const row = el('div', { className: 'peer-actions' }, sendFiles, sendFolder);
    row.hidden = this.selected !== peerId;
    item.append(row);
    item.addEventListener('dragover', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.stopPropagation();
      item.classList.add('drag-over');
    });
    item.addEventListener('dragleave', () => item.classList.remove('drag-over'));
    item.addEventListener('drop', (event) => {
      item.classList.remove('drag-over');
      if (!event.dataTransfer || !hasFiles(event)) return;
      event.preventDefault();
      event.stopPropagation();
      actions.drop(peerId, event.dataTransfer);
    });
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
