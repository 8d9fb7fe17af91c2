/**
 * The share target's page (/share): what was shared to Peerhub from the system's share sheet, or
 * opened with it (File Handling), and a chooser of the rooms this browser was in lately, with the
 * people last seen there. Choosing a room opens it with the share waiting (share-target/), where
 * the person picks whom to send it to and it goes out as any other offer.
 */
import './styles.css';
import { registerAppShell } from './pwa/register';
import { shortRoomId } from './room-link';
import { RecentRooms, type RecentRoom } from './share-target/recent-rooms';
import { receiveShare } from './share-target/receive-share';
import { PENDING_SHARE_KEY, ShareInbox, type SharedItem } from './share-target/share-inbox';
import { formatBytes } from './transfer/view';
import { el, required } from './ui/dom';
import { locale, t } from './i18n';
import { startI18n } from './i18n/page';

startI18n();

const status = required<HTMLElement>('#share-status');
const what = required<HTMLElement>('#share-what');
const roomsSection = required<HTMLElement>('#share-rooms');
const roomList = required<HTMLUListElement>('#share-room-list');
const rooms = new RecentRooms(storage(), location.origin);

void start();

async function start(): Promise<void> {
  let inbox: ShareInbox;
  try {
    inbox = await ShareInbox.open();
  } catch {
    status.textContent = t('target.noStorage');
    return;
  }
  void inbox.prune();
  const item = await receiveShare(inbox);
  if (item === 'lost') {
    status.textContent = t('target.lost');
    return;
  }
  if (!item) {
    status.textContent = t('target.nothing');
    return;
  }
  show(item, inbox);
}

function show(item: SharedItem, inbox: ShareInbox): void {
  const count = item.files.length;
  status.textContent = count > 0 ? t('target.filesReady', { count }) : t('target.textReady');
  const files = required<HTMLUListElement>('#share-files');
  files.replaceChildren(...item.files.map((f) => el('li', { text: `${f.name} (${formatBytes(f.size)})` })));
  files.hidden = count === 0;
  const text = required<HTMLElement>('#share-text');
  text.textContent = item.text;
  text.hidden = item.text === '';
  what.hidden = false;
  roomsSection.hidden = false;
  renderRooms(item);
  required<HTMLButtonElement>('#share-new-room').addEventListener('click', () => go(item, '/new'));
  required<HTMLButtonElement>('#share-discard').addEventListener('click', () => {
    void inbox.delete(item.id).then(() => {
      what.hidden = true;
      roomsSection.hidden = true;
      status.textContent = t('target.discarded');
    });
  });
}

function renderRooms(item: SharedItem): void {
  const list = rooms.list();
  roomList.replaceChildren(...list.map((room) => roomItem(room, item)));
  if (list.length === 0) roomList.replaceChildren(el('li', { className: 'files-hint', text: t('target.noRooms') }));
}

function roomItem(room: RecentRoom, item: SharedItem): HTMLLIElement {
  const short = shortRoomId(room.roomId);
  const people = room.peers.length > 0 ? t('target.lastWith', { names: room.peers.join(', ') }) : t('target.nobodySeen');
  const send = el('button', { className: 'button primary', text: t('target.sendHere'), attrs: { type: 'button', 'aria-label': t('target.sendHereLabel', { room: short }) } });
  send.addEventListener('click', () => go(item, room.link));
  const forget = el('button', { className: 'button small', text: t('target.forget'), attrs: { type: 'button', 'aria-label': t('target.forgetLabel', { room: short }) } });
  forget.addEventListener('click', () => {
    rooms.forget(room.roomId);
    renderRooms(item);
  });
  return el(
    'li',
    { className: 'share-room' },
    el('span', { className: 'share-room-name', text: t('target.room', { room: short }) }),
    el('span', { className: 'share-room-people', text: `${people} · ${visitedWords(room.visited)}` }),
    el('span', { className: 'share-room-actions' }, send, forget),
  );
}

function visitedWords(at: number): string {
  const minutes = Math.round((Date.now() - at) / 60_000);
  if (minutes < 1) return t('target.justNow');
  if (minutes < 60) return t('target.minutesAgo', { minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 24) return t('target.hoursAgo', { hours });
  return new Date(at).toLocaleDateString(locale());
}

/** Into the room, with the share waiting there for this tab only. */
function go(item: SharedItem, link: string): void {
  try {
    sessionStorage.setItem(PENDING_SHARE_KEY, item.id);
  } catch {
    status.textContent = t('target.noCarry');
    return;
  }
  location.assign(link);
}

function storage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

registerAppShell(() => undefined);
