/**
 * A room with the web client's signaling, mesh (which verifies peers) and chat modules alone: no UI framework, no files,
 * no documents. Open it as `/?room=<room link, URL-encoded>&name=<your name>`; it joins that room
 * on the server the link names (the signaling socket goes straight there: only the page itself
 * comes from Vite).
 */
import { Chat } from '../../web-client/src/chat';
import { IdbVault, loadIdentity } from '../../web-client/src/device-identity';
import { Mesh, type RoomPeer } from '../../web-client/src/mesh';
import { parseRoomKey, roomSecrets } from '../../web-client/src/protocol/trust';
import { roomFromInput, signalingUrl } from '../../web-client/src/room-link';
import { SignalingClient } from '../../web-client/src/signaling';

const params = new URLSearchParams(location.search);
const link = params.get('room') ?? '';
const name = params.get('name') ?? 'Minimal page';
const room = roomFromInput(link);
const status = document.querySelector<HTMLOutputElement>('#status')!;
const peerList = document.querySelector<HTMLUListElement>('#peers')!;
const chatLog = document.querySelector<HTMLOListElement>('#chat')!;
const form = document.querySelector<HTMLFormElement>('#say')!;

if (!room?.key) {
  status.value = 'no room: open this page as ?room=<a whole room link, #key included>';
} else {
  // The room link is given whole to the client's own parsing; the link's origin is the server.
  const secrets = roomSecrets(parseRoomKey(room.key)!);
  const signaling = new SignalingClient({
    url: signalingUrl(new URL(link)),
    room: room.roomId,
    proof: secrets.admissionProof,
    kind: 'browser',
    name: () => name,
  });
  // The mesh proves this page to each peer (room key + this browser's device key) and lets
  // nothing but hello through until the peer has proved itself too.
  const identity = loadIdentity(new IdbVault(), globalThis.crypto?.subtle ?? null);
  const mesh = new Mesh((to, data) => signaling.signal(to, data), () => ({ name }), {
    roomId: room.roomId,
    verifyKey: secrets.verifyKey,
    identity,
  });
  const chat = new Chat(mesh, () => ({ id: signaling.id, name }), mesh.control);

  // The one wiring every client needs: what the server says about the room goes to the mesh.
  signaling.on('welcome', (welcome, newIdentity) => mesh.applyWelcome(welcome, newIdentity));
  signaling.on('peer-joined', (peer) => mesh.addPeer(peer));
  signaling.on('peer-left', (id) => mesh.removePeer(id));
  signaling.on('peer-updated', (peer) => mesh.updatePeer(peer));
  signaling.on('signal', (from, data) => mesh.handleSignal(from, data));
  signaling.on('state', (state) => (status.value = state));

  const showPeers = () => {
    peerList.replaceChildren(...mesh.peers.map((p: RoomPeer) => item(`${p.name} (${p.state}, ${p.trust})`)));
  };
  for (const event of ['peer-added', 'peer-removed', 'peer-updated', 'peer-state', 'peer-verified', 'peer-not-verified'] as const) {
    mesh.on(event, showPeers);
  }

  // textContent, never innerHTML: chat text and names come from other people.
  chat.on('message', (entry) => chatLog.append(item(`${entry.fromName}: ${entry.text}`)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = form.elements.namedItem('text') as HTMLInputElement;
    void chat.send(input.value).then((result) => {
      if ('error' in result) status.value = result.error;
      else input.value = '';
    });
  });

  addEventListener('pagehide', () => {
    signaling.leave();
    mesh.removeAll();
  });
  signaling.start();
}

function item(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}
