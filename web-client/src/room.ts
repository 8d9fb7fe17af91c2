/**
 * The room page's composition root: builds the parts (signaling, mesh, chat, names, UI) and
 * wires their events together. The parts do not know each other; this file is the only place
 * that does, so it reads as the story of a room visit.
 */
import { Chat } from './chat';
import { IdbChatStore } from './chat-store';
import { IdbVault, loadIdentity } from './device-identity';
import { LazyDocs } from './docs/lazy-docs';
import { hasSavedDocs } from './docs/saved-docs';
import { whenIdle } from './idle';
import { registerAppShell } from './pwa/register';
import { Mesh, type RoomPeer } from './mesh';
import type { RoomBoot } from './room-entry';
import { roomUrl, shortRoomId, signalingUrl } from './room-link';
import { safetyCode } from './protocol/trust';
import { SignalingClient, type ErrorContext } from './signaling';
import {
  markChannelOpen,
  markHistoryAnswered,
  markPeerShown,
  markPeerVerified,
  markRoomStart,
  markWelcome,
  setSignalingState,
} from './test-hooks';
import { DOCS_CHANNEL_LABEL, type ErrorMessage, type IceServer } from './protocol';
import { PathWatch } from './reach/path-watch';
import { loadContentCheck } from './policy/file-kind';
import { PolicyGuard } from './policy/guard';
import { PolicyPanel, partAllowed } from './ui/policy-panel';
import { canChooseFolder, chooseFolder } from './transfer/handover';
import { pickedFromDrop, pickedFromInput, type PickedFile } from './transfer/manifest';
import { OpfsRecordStore, OpfsStagedStore } from './transfer/opfs-stores';
import { ResumeBook } from './transfer/resume-book';
import { RoomShares } from './share/room-shares';
import { storageUsage } from './storage-usage';
import { Transfers } from './transfer/transfers';
import { TrustedDevices } from './trusted-devices';
import { ChatPanel } from './ui/chat-panel';
import { setupConnectionCheck } from './ui/connection-check';
import { required } from './ui/dom';
import { PeerAvatars } from './ui/peer-avatars';
import type { PeerTrustFacts } from './ui/peer-details';
import { SelfPanel } from './ui/self-panel';
import { SendTextDialog } from './ui/send-text-dialog';
import { StoragePanel } from './ui/storage-panel';
import { setupShare } from './ui/share-panel';
import { RoomNotifications } from './ui/notifications';
import { acceptRoomDrops, FilePickers } from './ui/send-controls';
import { Notice, StatusLine, Toasts } from './ui/status';
import { TransferList } from './ui/transfer-list';
import { SharedInPanel } from './ui/shared-in-panel';
import { RecentRooms } from './share-target/recent-rooms';
import { t, type Key } from './i18n';

const STATE_SENTENCE: Record<RoomPeer['state'], Key> = {
  connecting: 'room.peerConnecting',
  connected: 'room.peerConnected',
  disconnected: 'room.peerDisconnected',
  failed: 'room.peerFailed',
};
/** How long `Check connection` waits for the hub's welcome (its server list) when clicked early. */
const WELCOME_WAIT_MS = 10_000;

/** Called by room-entry.ts with the link it read, and the signaling socket it opened meanwhile. */
export function startRoom(boot: RoomBoot): void {
  markRoomStart();
  setSignalingState('connecting');
  const toasts = new Toasts();
  const notifications = new RoomNotifications();
  const notice = new Notice();
  const { names } = boot;
  if (!boot.ok) {
    document.body.classList.add('no-room');
    if (boot.reason === 'no-key') {
      notice.show(t('notice.noKey.title'), t('notice.noKey.detail'));
    } else {
      notice.show(t('notice.badLink.title'), t('notice.badLink.detail'));
    }
    return;
  }
  const { roomId, key, secrets, early } = boot;
  // Another key typed into the address bar is another room: start over with it.
  window.addEventListener('hashchange', () => location.reload());

  const url = roomUrl(location.origin, roomId, key);
  document.title = t('room.documentTitle', { id: shortRoomId(roomId) });
  required<HTMLElement>('#room-short-id').textContent = shortRoomId(roomId);
  setupShare(document, url, (text) => toasts.show(text));

  // Every hello carries this device's key and a signature made with it; the page draws itself
  // and joins meanwhile (waiting here let the name field be typed into before it was set up).
  const identity = loadIdentity(new IdbVault(), globalThis.crypto?.subtle ?? null);
  let myKey: Uint8Array | null = null;
  identity.then(
    (loaded) => (myKey = loaded.publicKey),
    (err: unknown) => console.error('peerhub: no device key, so no peer can verify this page', err),
  );
  const trusted = new TrustedDevices();
  const status = new StatusLine();
  const signaling = new SignalingClient({
    url: signalingUrl(location),
    room: roomId,
    proof: secrets.admissionProof,
    kind: 'browser',
    name: () => names.name,
    early,
  });
  const allowed = (part: 'chat' | 'documents' | 'sharedFolders') => partAllowed(signaling.policy, part);
  const mesh = new Mesh((to, data) => signaling.signal(to, data), () => ({ name: names.name }), {
    roomId,
    verifyKey: secrets.verifyKey,
    identity,
  });
  // The room's history is kept by the peers (docs/protocol.md "Chat history"), signed by each sender's device key.
  const chat = new Chat(mesh, () => ({ id: signaling.id, name: names.name }), mesh.control, {
    history: {
      roomId,
      identity,
      store: new IdbChatStore(),
      peerKey: (id) => (mesh.peer(id)?.trust === 'verified' ? mesh.peer(id)?.key : undefined),
      peerName: (id) => mesh.peer(id)?.name,
    },
  });
  const transfers = new Transfers(
    {
      send: (id, text) => mesh.send(id, text),
      openChannel: (id, label) => mesh.openChannel(id, label),
      maxMessageSize: (id) => mesh.maxMessageSize(id),
      peerName: (id) => mesh.peer(id)?.name ?? t('common.someone'),
    },
    new ResumeBook(new OpfsRecordStore()),
    new OpfsStagedStore(),
    mesh.control,
    new PolicyGuard(() => signaling.policy),
  );
  const shares = new RoomShares({
    routes: mesh.control,
    send: (id, text) => mesh.send(id, text),
    peerName: (id) => mesh.peer(id)?.name ?? t('common.someone'),
    sharing: (id, on) => avatars.setSharing(id, on),
    notify: (text) => toasts.show(text),
    offer: (id, pullId, picked) => transfers.offerPulled(id, pullId, picked),
    verifiedPeers: () => mesh.peers.filter((p) => p.trust === 'verified').map((p) => p.id),
    trusted: (id) => {
      const peer = mesh.peer(id);
      return peer?.trust === 'verified' && trusted.get(peer.device) !== undefined;
    },
    pickFolder: (then) => pickers.pickFolder(then),
    enabled: () => allowed('sharedFolders'),
  });

  // ---- How each connection runs (direct or relayed), and the hub's STUN/TURN check ----
  const paths = new PathWatch({
    state: (id) => mesh.linkState(id),
    stats: (id) => mesh.stats(id),
    reach: (id) => mesh.reach(id),
  });
  paths.on('change', (id, path) => {
    const peer = mesh.peer(id);
    if (peer) avatars.showPath(peer, { path, transferring: transfers.running(id) });
  });
  let iceServers: IceServer[] | null = null;
  let welcomed: () => void = () => undefined;
  const firstWelcome = new Promise<void>((resolve) => (welcomed = resolve));
  setupConnectionCheck(required<HTMLButtonElement>('#check-connection'), required<HTMLElement>('#check-result'), () =>
    iceServers !== null
      ? Promise.resolve(iceServers)
      : Promise.race([firstWelcome.then(() => iceServers), new Promise<null>((resolve) => setTimeout(() => resolve(null), WELCOME_WAIT_MS))]),
  );

  // ---- UI parts ----
  const stage = required<HTMLElement>('#stage');
  const pickers = new FilePickers(document.body);
  const offerTo = (peerIds: string[], picked: PickedFile[]) => {
    notifications.ask();
    const connected = peerIds.filter((id) => mesh.peer(id)?.state === 'connected' && mesh.peer(id)?.trust === 'verified');
    if (connected.length === 0) {
      toasts.show(t('room.nobodyToSend'));
      return;
    }
    void transfers.offerAllowed(connected, picked);
  };
  const everyone = () => mesh.peers.map((p) => p.id);
  // Made when first used: the first <dialog> on a page costs Blink a style pass the join can do without.
  let sendText: SendTextDialog | null = null;
  const sendTextDialog = () =>
    (sendText ??= new SendTextDialog(document.body, (id, name, text) => {
      const result = chat.sendDirect(id, name, text);
      return 'error' in result ? result.error : null;
    }));
  const avatars = new PeerAvatars(
    required<HTMLUListElement>('#peers'),
    (id) => {
      const peer = mesh.peer(id);
      if (peer) toasts.show(peer.trust === 'not-verified' ? t('room.peerNotVerified', { name: peer.name }) : repairSentence(peer) ?? stateSentence(peer));
    },
    (count) => {
      stage.dataset.alone = String(count === 0);
    },
    {
      sendFiles: (id) => pickers.pickFiles((picked) => offerTo([id], picked)),
      sendFolder: (id) => pickers.pickFolder((picked) => offerTo([id], picked)),
      drop: (id, data) => void pickedFromDrop(data).then((picked) => picked.length > 0 && offerTo([id], picked)),
      sendText: (id) => {
        const peer = mesh.peer(id);
        if (peer) sendTextDialog().open(id, peer.name);
      },
      browse: (id) => shares.browse(id),
    },
    {
      facts: (peer) => trustFacts(peer.id),
      trust: (id) => {
        const peer = mesh.peer(id);
        if (peer?.trust !== 'verified' || !peer.device) return;
        trusted.trust(peer.device, peer.name);
        refreshAvatars();
      },
      forget: (id) => {
        const device = mesh.peer(id)?.device;
        if (device) trusted.forget(device);
        refreshAvatars();
      },
      setAutoAccept: (id, on) => {
        const device = mesh.peer(id)?.device;
        if (device) trusted.setAutoAccept(device, on);
        refreshAvatars();
      },
    },
  );
  /** Trust follows the verified device key: a name alone never makes a device trusted. */
  function trustFacts(peerId: string): PeerTrustFacts {
    const peer = mesh.peer(peerId);
    if (!peer || peer.trust !== 'verified' || !peer.key || !myKey) return {};
    const mine = trusted.get(peer.device);
    const sameName = trusted.trustedUnderName(peer.name);
    const [ours, theirs] = [myKey, peer.key];
    return {
      trusted: mine,
      impostorOf: !mine && sameName ? sameName : undefined,
      safetyCode: () => safetyCode(ours, theirs),
    };
  }
  function stateSentence(peer: RoomPeer): string {
    const path = paths.path(peer.id);
    if (peer.state === 'connected' && path?.reading) {
      return t(path.reading.route === 'relayed' ? 'room.peerRelayed' : 'room.peerDirect', { name: peer.name });
    }
    if (peer.state !== 'connected' && path?.problem) return t('room.peerProblem', { name: peer.name, problem: path.problem });
    return t(STATE_SENTENCE[peer.state], { name: peer.name });
  }
  function refreshAvatars(): void {
    for (const peer of mesh.peers) avatars.update(peer);
  }
  acceptRoomDrops(document.body, (picked) => offerTo(everyone(), picked));
  // What was shared to Peerhub from another app, brought here by the chooser (/share).
  const recentRooms = new RecentRooms(localStorageOrNull(), location.origin);
  const sharedIn = new SharedInPanel(required<HTMLElement>('#shared-in'), {
    receivers: () => mesh.peers.filter((p) => p.state === 'connected' && p.trust === 'verified'),
    send: (ids, files) => offerTo(ids, pickedFromInput(files)),
    putInChat: (text) => {
      const input = required<HTMLTextAreaElement>('#chat-input');
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.focus();
    },
  });
  // Once idle: its first sessionStorage read loads that storage area over a synchronous IPC
  // (17 ms in a join's profile), and a share brought here can wait for the room to be joined.
  void whenIdle(() => sharedIn.start());
  // The names the share chooser lists for this room: a rename replaces the name seen before.
  const seenAs = new Map<string, string>();
  const noteSeen = (peer: RoomPeer) => {
    const before = seenAs.get(peer.id);
    if (peer.trust !== 'verified' || before === peer.name) return;
    seenAs.set(peer.id, peer.name);
    recentRooms.saw(roomId, peer.name, before);
  };
  required<HTMLButtonElement>('#send-everyone').addEventListener('click', () =>
    pickers.pickFiles((picked) => offerTo(everyone(), picked)),
  );
  const folderButton = required<HTMLButtonElement>('#choose-folder');
  const folderNote = required<HTMLElement>('#receive-folder');
  folderButton.hidden = !canChooseFolder();
  folderButton.addEventListener('click', () => {
    void chooseFolder().then((folder) => {
      if (!folder) return;
      transfers.setFolder(folder);
      folderNote.textContent = t('room.folderChosen', { folder: folder.name });
    });
  });
  const transferList = new TransferList(
    required<HTMLElement>('#offers'),
    required<HTMLUListElement>('#transfer-list'),
    {
      accept: (id) => {
        notifications.ask();
        void transfers.accept(id);
      },
      decline: (id) => transfers.decline(id),
      cancel: (id) => transfers.cancel(id),
      save: (id) => transfers.save(id),
    },
  );
  transfers.on('offer', (offer) => {
    if (shares.files.isPulled(offer.id, offer.peerId, offer.files)) {
      // The files this person asked that peer for (Download): asked once, not again.
      void transfers.accept(offer.id);
      return;
    }
    const sender = mesh.peer(offer.peerId);
    if (sender?.trust === 'verified' && trusted.get(sender.device)?.autoAccept) {
      // The user chose this for this device key; a name alone never gets here.
      toasts.show(t('room.autoAccept', { name: offer.senderName }));
      void transfers.accept(offer.id);
      return;
    }
    transferList.showOffer(offer);
    const files = t('common.files', { count: offer.files.length });
    announce(t('room.offerAnnounce', { name: offer.senderName, files }));
    // At once on the keyboard, unless the person is typing: a keystroke must never land on Accept.
    if (!typing()) transferList.focusOffer(offer.id);
    notifications.notify(t('room.offerNotifyTitle', { name: offer.senderName, files }), t('room.offerNotifyBody'), `offer:${offer.id}`,
      () => transferList.focusOffer(offer.id));
  });
  transfers.on('offer-gone', (id) => transferList.hideOffer(id));
  shares.mount(document);
  const storage = new StoragePanel(document, {
    facts: async () => {
      await transfers.settled();
      return { ...(await storageUsage()), unfinished: transfers.unfinished(), kept: transfers.keptCopies() };
    },
    clearUnfinished: () => transfers.clearUnfinished(),
    releaseCopies: () => transfers.releaseCopies(),
  });
  transfers.on('storage-problem', (message) => {
    storage.problem(message);
    toasts.show(message);
  });
  transfers.on('update', (view, progressOnly) => {
    transferList.update(view);
    if (!progressOnly) storage.refresh();
    if (!progressOnly && view.state === 'verified' && view.direction === 'in') {
      notifications.notify(t('room.arrivedTitle', { name: view.peerName }), t('room.arrivedBody'), `done:${view.id}`, () => undefined);
    }
  });
  // At once, not when idle: reconciling the records after a transfer has begun would take that
  // transfer's own record for one left from before.
  transfers.start();
  stage.dataset.alone = 'true';

  let nameBeforeRename = names.name;
  const selfPanel = new SelfPanel(required<HTMLElement>('#self'), names.name, (raw) => {
    const previous = names.name;
    const check = names.set(raw);
    if (check.ok && check.name !== previous) {
      nameBeforeRename = previous;
      signaling.rename(check.name);
    }
    return check;
  });

  const chatPanel = new ChatPanel(required<HTMLElement>('#chat'), {
    send: async (text) => {
      if (!allowed('chat')) return t('room.chatOff');
      const result = await chat.send(text);
      if ('error' in result) return result.error;
      chatPanel.setHint(
        result.delivered === 0 ? t('room.nobodyReceived') : '',
      );
      return null;
    },
    clearHistory: () => chat.clearHistory(),
    copy: async (text) => {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        return false;
      }
    },
  });

  // ---- The hub's policy: shown, and the parts it turns off kept off in this page ----
  const policyPanel = new PolicyPanel(required<HTMLElement>('#hub-policy'));
  // The first welcome brings the policy before its 'welcome' event: only later ones are changes.
  let welcomedOnce = false;
  signaling.on('welcome', () => (welcomedOnce = true));
  signaling.on('policy', (policy) => {
    if (welcomedOnce) toasts.show(t('room.policyChanged'));
    policyPanel.show(policy);
    // The content check is loaded on first use; under a policy, fetch it once the page is idle.
    if (policy) void whenIdle(() => loadContentCheck()).catch(() => undefined);
  });
  // ---- Signaling → mesh and UI ----
  signaling.on('state', (state) => {
    setSignalingState(state);
    status.set(state);
  });
  status.set(signaling.state);

  signaling.on('welcome', (welcome, newIdentity) => {
    markWelcome();
    notice.hide();
    iceServers = welcome.iceServers;
    welcomed();
    // In, with the whole key: now the room is one the share chooser can offer.
    recentRooms.visited(roomId, url);
    if (newIdentity) toasts.show(t('room.newIdentity'));
    mesh.applyWelcome(welcome, newIdentity);
  });
  signaling.on('ice-servers', (servers) => {
    iceServers = servers; // the connection check uses the freshest credentials too
    mesh.updateIceServers(servers);
  });
  signaling.on('peer-joined', (peer) => mesh.addPeer(peer));
  signaling.on('peer-left', (id) => mesh.removePeer(id));
  signaling.on('peer-updated', (peer) => mesh.updatePeer(peer));
  signaling.on('signal', (from, data) => mesh.handleSignal(from, data));
  signaling.on('server-error', (error, context) => onServerError(error, context));

  function onServerError(error: ErrorMessage, context: ErrorContext): void {
    switch (error.code) {
      case 'room-full':
        notice.show(t('notice.full.title'), t('notice.full.detail'));
        return;
      case 'bad-name':
      case 'name-too-long':
        if (context === 'rename') {
          names.set(nameBeforeRename);
          selfPanel.refuse(t('notice.badName.rename', { reason: error.message }), nameBeforeRename);
        } else {
          notice.show(t('notice.badName.title'), t('notice.badName.detail', { reason: error.message }));
        }
        return;
      case 'bad-room':
        notice.show(t('notice.badLink.title'), t('notice.badRoom.detail'));
        return;
      case 'bad-proof':
        notice.show(t('notice.badProof.title'), t('notice.badProof.detail'));
        return;
      case 'proof-throttled':
        notice.show(t('notice.throttled.title'), t('notice.throttled.detail'));
        return;
      case 'unsupported-version':
        notice.show(t('notice.outdated.title'), t('notice.outdated.detail'));
        return;
      default:
        console.warn(`peerhub: server error ${error.code}: ${error.message}`);
    }
  }

  // ---- Mesh → UI and chat ----
  mesh.on('peer-added', (peer) => {
    avatars.add(peer);
    markPeerShown(peer.id);
    paths.watch(peer.id);
    toasts.show(t('room.peerJoined', { name: peer.name }));
    // Now someone could send this person something: the moment to offer notifications.
    notifications.offerPrompt();
  });
  mesh.on('peer-removed', (peer) => {
    sharedIn.refresh();
    paths.forget(peer.id);
    avatars.remove(peer.id);
    transfers.peerGone(peer.id);
    shares.files.peerGone(peer.id);
    chat.peerGone(peer.id);
    toasts.show(t('room.peerLeft', { name: peer.name }));
  });
  mesh.on('peer-updated', (peer) => {
    avatars.update(peer);
    noteSeen(peer);
  });
  mesh.on('peer-state', (peer) => {
    avatars.update(peer);
    sharedIn.refresh();
    paths.nudge(peer.id);
  });
  mesh.on('channel-open', (peer) => markChannelOpen(peer.id));
  mesh.on('peer-verified', (peer) => {
    markPeerVerified(peer.id);
    avatars.update(peer);
    transfers.peerHello(peer.id, peer.device);
    shares.peerVerified(peer.id);
    chat.peerVerified(peer.id);
    noteSeen(peer);
    sharedIn.refresh();
  });
  mesh.on('peer-not-verified', (peer) => {
    avatars.update(peer);
    toasts.show(t('room.peerNotVerified', { name: peer.name }));
  });
  mesh.on('data-channel', (peer, channel) => transfers.channelArrived(peer.id, channel));
  // A rebuilt connection: what ran on the old one pauses, and continues on peer-verified.
  mesh.on('link-lost', (peer) => {
    avatars.update(peer);
    transfers.linkLost(peer.id);
    // It says again what it shares once verified on the new connection.
    shares.files.peerGone(peer.id);
  });

  // ---- Documents (co-editing over their own data channel) ----
  // The engine loads when documents are needed (docs/lazy-docs.ts): the person opens them, a
  // peer opens the documents channel, or this browser kept documents of this room. The mesh
  // never waits for it, and a room where nobody uses documents never loads it.
  const docsParent = required<HTMLElement>('.room-main');
  const docsClosed = required<HTMLElement>('#docs-closed');
  const openDocsButton = required<HTMLButtonElement>('#open-docs');
  const docs = new LazyDocs(async () => {
    const [{ RoomDocs }, { OpfsDocFiles }, { loadAutomerge }] = await Promise.all([
      import('./docs/room-docs'),
      import('./docs/doc-files'),
      import('./docs/wasm'),
    ]);
    // Before the engine exists: a wasm that did not load fails this load, which LazyDocs tries again.
    await loadAutomerge();
    const engine = new RoomDocs(
      docsParent,
      {
        selfId: () => signaling.id,
        openChannel: (id, label) => mesh.openChannel(id, label),
        maxMessageSize: (id) => mesh.maxMessageSize(id),
        peerName: (id) => mesh.peer(id)?.name ?? null,
      },
      Promise.resolve(),
      new OpfsDocFiles(roomId),
    );
    docsClosed.remove();
    return engine;
  });
  openDocsButton.addEventListener('click', () => {
    if (!allowed('documents')) return;
    openDocsButton.disabled = true;
    openDocsButton.textContent = t('docs.opening');
    void docs.load().then(() => {
      // A load that failed is tried again on its own (LazyDocs); the button lets the person ask now.
      openDocsButton.disabled = false;
      openDocsButton.textContent = t('docs.open');
    });
  });
  void firstWelcome.then(() =>
    whenIdle(async () => {
      if (allowed('documents') && (await hasSavedDocs(roomId))) void docs.load();
    }),
  );
  // Once in the room: the worker's downloads then no longer compete with joining it.
  void firstWelcome.then(() => registerAppShell((text) => toasts.show(text)));
  // Documents start with a peer only once it is verified (docs/protocol.md "Verifying a peer").
  mesh.on('peer-verified', (peer) => allowed('documents') && docs.controlOpened(peer.id));
  mesh.on('data-channel', (peer, channel) => {
    if (allowed('documents')) docs.channelArrived(peer.id, channel);
    else if (channel.label === DOCS_CHANNEL_LABEL) channel.close();
  });
  mesh.on('peer-removed', (peer) => docs.peerGone(peer.id));
  mesh.on('link-lost', (peer) => docs.peerGone(peer.id));
  mesh.on('peer-updated', () => docs.peerRenamed());
  chat.on('message', (entry) => {
    chatPanel.add(entry);
    if (entry.direct === 'from') {
      notifications.notify(t('room.textNotifyTitle', { name: entry.fromName }), entry.text.slice(0, 200), `text:${entry.id}`,
        () => required<HTMLTextAreaElement>('#chat-input').focus());
    }
  });
  chat.on('messages', (entries) => chatPanel.addMany(entries));
  chat.on('cleared', () => chatPanel.clearKept());
  chat.on('history-answered', (peerId, kept) => markHistoryAnswered(peerId, kept));

  // ---- Page lifecycle ----
  // pagehide (not unload) fires reliably, also on mobile; `leave` tells the room at once.
  addEventListener('pagehide', () => {
    paths.stop();
    signaling.leave();
    mesh.removeAll();
  });
  // Back from the back/forward cache: we left on pagehide, so start over.
  addEventListener('pageshow', (event) => {
    if (event.persisted) location.reload();
  });
  addEventListener('online', () => signaling.retryNow());

  // Last, with every handler attached: the early socket's welcome (and what came after it) is
  // read at once, and it has usually arrived while this code was loading.
  signaling.start();
}

/** While a connection that broke is being repaired, or after that gave up, the toast says so. */
function repairSentence(peer: RoomPeer): string | null {
  if (peer.state === 'connected' || peer.repair === 'idle') return null;
  return t(peer.repair === 'gave-up' ? 'room.peerGaveUp' : 'room.peerRepairing', { name: peer.name });
}

/** The page's own live region: what a screen reader must hear now (an offer), apart from the toasts. */
function announce(text: string): void {
  const region = required<HTMLElement>('#announcer');
  // Emptied first, so the same sentence twice is still read twice (a timer, not a frame: a hidden
  // tab draws no frames).
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 50);
}

function typing(): boolean {
  const active = document.activeElement;
  return active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement
    || (active instanceof HTMLElement && active.isContentEditable);
}

function localStorageOrNull(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null; // a browser that refuses storage to this page
  }
}
