/**
 * The room page's entry script, kept small so it runs while the room code (room.ts) is still
 * loading: it reads the link, derives the admission proof and joins the room over an early
 * signaling socket (early-socket.ts), then hands all of that to the room code once it is here.
 */
// In the page's <head> (a stylesheet link), so it never waits for the room code.
import './styles.css';
import { EarlySocket } from './early-socket';
import { NameStore } from './names';
import { parseRoomKey, roomSecrets, type RoomSecrets } from './protocol/room-key';
import { openRoomLink, signalingUrl } from './room-link';
import { markBoot } from './test-hooks';
import { t } from './i18n';
import { startI18n } from './i18n/page';

/** What the entry found and started, for the room code: a room, or why the link opens none. */
export type RoomBoot = { names: NameStore } & (
  | { ok: true; roomId: string; key: string; secrets: RoomSecrets; early: EarlySocket }
  | { ok: false; reason: 'not-a-link' | 'no-key' }
);

function boot(): RoomBoot {
  markBoot();
  // Once per page: for /new this makes the room and puts its link in the address bar.
  const link = openRoomLink(location, history);
  if (!link.ok) {
    startI18n();
    return { names: new NameStore(), ok: false, reason: link.reason };
  }
  // First: the handshake runs in the network stack while this script goes on.
  const early = new EarlySocket(signalingUrl(location));
  // Before the room code: the skeleton is in the person's language from the first frame it is.
  startI18n();
  const names = new NameStore();
  const secrets = roomSecrets(parseRoomKey(link.key)!);
  early.join({ room: link.roomId, proof: secrets.admissionProof, kind: 'browser', name: names.name });
  return { names, ok: true, roomId: link.roomId, key: link.key, secrets, early };
}

const started = boot();
import('./room').then(
  ({ startRoom }) => startRoom(started),
  (err: unknown) => {
    console.error('peerhub: the room page did not load', err);
    const notice = document.getElementById('notice');
    if (notice) {
      notice.textContent = t('room.loadFailed');
      notice.hidden = false;
    }
  },
);
