/**
 * The other peers' avatars. Each is a <button> whose accessible name starts with the peer's
 * name, then its state in words — "Amber Otter (connected, verified)", "Amber Otter (connected,
 * verifying…)", "Amber Otter (not verified — this connection may be intercepted)", "Inbox
 * (connected, verified, drop box)", "Amber Otter (reconnecting…)" while a connection that broke
 * is repaired, "Amber Otter (could not reconnect)" when that gave up — a contract users of
 * screen readers and the end-to-end tests rely on. A connection that had its time and did not come up says why instead of
 * "connecting": "Amber Otter (could not connect: the relay refused the credentials)".
 *
 * How the connection runs is the avatar's accessible description, also shown under its state:
 * "direct · 1 ms round trip", "relayed via 192.0.2.7:49152 · 24 ms round trip · 3.2 MB/s" (the
 * rate while a transfer runs). Beside it, a `Details` button opens the peer's device details
 * and its connection's candidate types, protocol and relay.
 *
 * Selecting or focusing an avatar reveals `Send files`, `Send folder` and `Send text` for that peer (only
 * for one peer at a time, so the names stay unambiguous), and `Browse shared files` while it shares
 * a folder; files dropped on it go to that peer.
 */
import { t, type Key } from '../i18n';
import type { RoomPeer } from '../mesh';
import type { RepairPhase } from '../repair';
import { avatarFace, paintFace } from './avatar';
import { el, icon, ICONS } from './dom';
import { renderDetails, type PeerTrustFacts, type TrustActions } from './peer-details';
import { pathDescription, problemOf, renderConnection, type PathView } from './peer-connection';
import { hasFiles } from './send-controls';

/** What a peer's avatar offers besides showing who it is: sending files to that peer. */
export interface AvatarActions {
  sendFiles(peerId: string): void;
  sendFolder(peerId: string): void;
  /** Files dropped on the avatar; the DataTransfer is only readable during this call. */
  drop(peerId: string, data: DataTransfer): void;
  /** `Send text`: a text only this peer receives. */
  sendText?(peerId: string): void;
  /** `Browse shared files`: the peer's whole share, offered while it shares something. */
  browse?(peerId: string): void;
}

/** Matches the CSS leave animation; the fallback removal also covers reduced motion. */
const LEAVE_MS = 260;
/** Between the parts of the state in the name; the visible line shows them with dots instead. */
const STATE_SEPARATOR = ', ';


type ShownPeer = Pick<RoomPeer, 'state' | 'kind' | 'trust'> & { repair?: RepairPhase };

/**
 * The connection in words: connected; or, for one that broke, that it is being repaired or that
 * this gave up; or why it could not connect; or its state.
 */
const STATE_WORDS: Record<RoomPeer['state'], Key> = {
  connecting: 'peer.connecting',
  connected: 'peer.connected',
  disconnected: 'peer.disconnected',
  failed: 'peer.failed',
};

function connectionWords(peer: ShownPeer, problem: string | null): string {
  if (peer.state === 'connected') return t('peer.connected');
  if (peer.repair === 'gave-up') return t('peer.couldNotReconnect');
  if (peer.repair !== undefined && peer.repair !== 'idle') return t('peer.reconnecting');
  if (problem !== null) return t('peer.couldNotConnect', { problem });
  return t(STATE_WORDS[peer.state]);
}

/**
 * The state in words: connection (or why it could not connect), then verification, then what
 * this device knows of it.
 */
export function stateWords(peer: ShownPeer, facts: PeerTrustFacts = {}, problem: string | null = null): string {
  if (peer.trust === 'not-verified') return t('peer.notVerified');
  const words: string[] = [connectionWords(peer, problem)];
  if (peer.state === 'connected') words.push(t(peer.trust === 'verified' ? 'peer.verified' : 'peer.verifying'));
  if (facts.trusted) words.push(t('peer.trustedDevice'));
  else if (facts.impostorOf) words.push(t('peer.impostor', { name: facts.impostorOf.name }));
  if (peer.kind === 'drop') words.push(t('peer.dropBox'));
  return words.join(STATE_SEPARATOR);
}

export function accessibleName(
  peer: ShownPeer & Pick<RoomPeer, 'name'>,
  facts: PeerTrustFacts = {},
  problem: string | null = null,
): string {
  // Not "Bob (connected)": the name must hold the words shown under the avatar, and checkers
  // (axe's label-in-name, speech input) drop what is in parentheses.
  return t('peer.name', { name: peer.name, state: stateWords(peer, facts, problem) });
}

export class PeerAvatars {
  private readonly items = new Map<string, HTMLLIElement>();
  private readonly paths = new Map<string, PathView>();
  private selected: string | null = null;
  private readonly sharing = new Set<string>();

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
      // Spaces between the lines: the flex layout hides them, but the text of the button reads
      // "Bob connected", not "Bobconnected", to whatever compares it with the name.
      ' ',
      el('span', { className: 'peer-name' }),
      ' ',
      el('span', { className: 'peer-state' }),
    );
    // The path line sits beside the button, not in it: it is the button's description, and text
    // inside a button that its name does not contain misleads speech input ("click Bob direct").
    const path = el('p', { className: 'peer-path', attrs: { id: `peer-path-${peer.id}` } });
    button.setAttribute('aria-describedby', `peer-path-${peer.id}`);
    button.addEventListener('click', () => {
      this.select(peer.id);
      this.onSelect(peer.id);
    });
    button.addEventListener('focus', () => this.select(peer.id));
    const item = el('li', { className: 'peer entering' }, button, path);
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
    item.dataset.repair = peer.repair;
    item.dataset.kind = peer.kind;
    item.dataset.trust = peer.trust;
    const facts = this.trust?.facts(peer) ?? {};
    const problem = problemOf(peer, this.paths.get(peer.id));
    const button = item.querySelector('button')!;
    button.setAttribute('aria-label', accessibleName(peer, facts, problem));
    button.title = accessibleName(peer, facts, problem);
    paintFace(button.querySelector<HTMLElement>('.avatar-face')!, peer.name);
    const face = button.querySelector<HTMLElement>('.avatar-face')!;
    const badge = face.querySelector('.avatar-badge');
    if (peer.kind === 'drop' && !badge) {
      face.append(el('span', { className: 'avatar-badge' }, icon(ICONS.dropBox)));
    } else if (peer.kind !== 'drop') {
      badge?.remove();
    }
    button.querySelector('.peer-name')!.textContent = peer.name;
    // The very words of the name: a speech-input user says what they see ("click Bob connected").
    button.querySelector('.peer-state')!.textContent = stateWords(peer, facts, problem);
    const details = item.querySelector<HTMLButtonElement>('.peer-details-button');
    const region = item.querySelector<HTMLElement>('.peer-details');
    if (this.trust && details && region) {
      details.setAttribute('aria-label', t('peer.detailsFor', { name: peer.name }));
      region.setAttribute('aria-label', t('peer.detailsOf', { name: peer.name }));
      const device = region.querySelector<HTMLElement>('.peer-device');
      if (!region.hidden && device) renderDetails(device, peer, facts, this.trust);
    }
    this.paintPath(item, peer);
  }

  /**
   * A new reading of the peer's path. Only the path's parts are redrawn (every 2 s during a
   * transfer), so a focused button in the Details keeps its focus; a reason that comes or goes
   * changes the name, so then everything is.
   */
  showPath(peer: RoomPeer, view: PathView): void {
    const before = problemOf(peer, this.paths.get(peer.id));
    this.paths.set(peer.id, view);
    const item = this.items.get(peer.id);
    if (!item) return;
    if (problemOf(peer, view) !== before) this.update(peer);
    else this.paintPath(item, peer);
  }

  private paintPath(item: HTMLLIElement, peer: RoomPeer): void {
    const view = this.paths.get(peer.id);
    const words = pathDescription(peer, view);
    item.dataset.route = view?.path.reading && peer.state === 'connected' ? view.path.reading.route : '';
    const line = item.querySelector<HTMLElement>('.peer-path');
    if (line && line.textContent !== words) line.textContent = words;
    const box = item.querySelector<HTMLElement>('.peer-connection');
    const region = item.querySelector<HTMLElement>('.peer-details');
    if (box && region && !region.hidden) renderConnection(box, peer, view);
  }

  private addDetails(item: HTMLLIElement, peer: RoomPeer): void {
    const regionId = `peer-details-${peer.id}`;
    const button = el('button', {
      className: 'button small peer-details-button',
      text: t('peer.details'),
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': regionId },
    });
    const region = el(
      'section',
      { className: 'peer-details', attrs: { id: regionId, role: 'region' } },
      el('div', { className: 'peer-device' }),
      el('div', { className: 'peer-connection' }),
    );
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
    const sendFiles = el('button', { className: 'button small', text: t('peer.sendFiles'), attrs: { type: 'button' } });
    const sendFolder = el('button', { className: 'button small', text: t('peer.sendFolder'), attrs: { type: 'button' } });
    sendFiles.addEventListener('click', () => actions.sendFiles(peerId));
    sendFolder.addEventListener('click', () => actions.sendFolder(peerId));
    const row = el('div', { className: 'peer-actions' }, sendFiles, sendFolder);
    if (actions.sendText) {
      const sendText = el('button', { className: 'button small', text: t('peer.sendText'), attrs: { type: 'button' } });
      sendText.addEventListener('click', () => actions.sendText?.(peerId));
      row.append(sendText);
    }
    if (actions.browse) {
      const browse = el('button', { className: 'button small peer-browse', text: t('peer.browse'), attrs: { type: 'button' } });
      browse.addEventListener('click', () => actions.browse?.(peerId));
      browse.hidden = !this.sharing.has(peerId);
      row.append(browse);
    }
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

  /** Whether the peer shares files now: its `Browse shared files` shows only then. */
  setSharing(peerId: string, shares: boolean): void {
    if (shares) this.sharing.add(peerId);
    else this.sharing.delete(peerId);
    const browse = this.items.get(peerId)?.querySelector<HTMLButtonElement>('.peer-browse');
    if (browse) browse.hidden = !shares;
  }

  remove(peerId: string): void {
    const item = this.items.get(peerId);
    if (!item) return;
    this.items.delete(peerId);
    this.paths.delete(peerId);
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
