/**
 * Shared files in the room page: the search and browse panel, the avatars' `Browse shared
 * files`, and the batch download, put together over the mesh's control channel.
 */
import { t, type Key } from '../i18n';
import { newMessageId } from '../chat';
import type { ControlRoutes } from '../control-router';
import { required } from '../ui/dom';
import { SharedFilesPanel } from '../ui/shared-files-panel';
import type { ShareRefusalReason } from '../protocol';
import { SharedFiles, type ShareHit } from './shared-files';
import { LocalShare } from './local-share';
import { canPickLiveFolder, listFolder, pickLiveFolder, reopen } from './folder-listing';
import type { PickedFile } from '../transfer/manifest';
import { formatBytes } from '../transfer/view';

export interface RoomSharesDeps {
  routes: ControlRoutes;
  send(peerId: string, text: string): boolean;
  peerName(peerId: string): string;
  /** A peer started or stopped sharing: its avatar offers `Browse shared files` only meanwhile. */
  sharing(peerId: string, shares: boolean): void;
  notify(text: string): void;
  /** Sends a pull's files under its id (Transfers.offerPulled). */
  offer(peerId: string, id: string, picked: PickedFile[]): boolean;
  /** The peers verified now: those told what this page shares. */
  verifiedPeers(): string[];
  /** Whether this person trusts the device of `peerId` (a verified device key, never a name). */
  trusted(peerId: string): boolean;
  pickFolder(then: (picked: PickedFile[]) => void): void;
  /** Whether the hub's policy leaves shared folders on; off, nothing is served from here. */
  enabled(): boolean;
}

const REFUSAL_WORDS: Record<ShareRefusalReason, Key> = {
  'not-shared': 'shared.refused.notShared',
  'not-allowed': 'shared.refused.notAllowed',
  busy: 'shared.refused.busy',
};

export class RoomShares {
  readonly files: SharedFiles;
  private panel: SharedFilesPanel | null = null;

  constructor(private readonly deps: RoomSharesDeps) {
    this.files = new SharedFiles(deps.routes, { send: deps.send, peerName: deps.peerName, newId: newMessageId });
    this.files.on('sharing', (peerId, files) => {
      deps.sharing(peerId, files > 0);
      this.panel?.sharers(this.files.sharers());
    });
    this.files.on('search', (view) => this.panel?.show(view));
    this.files.on('refused', (name, reason) => deps.notify(t(REFUSAL_WORDS[reason], { name })));
  }

  /** Builds the panel on the page; the control routes are taken from the start, before this. */
  mount(root: ParentNode): void {
    this.panel = new SharedFilesPanel(
      root,
      { find: (text) => this.files.find(text), more: (peerId) => this.files.more(peerId), download: (hits) => this.download(hits) },
      this.deps.peerName,
    );
    this.panel.sharers(this.files.sharers());
    const shareButton = required<HTMLButtonElement>('#share-folder', root);
    const stop = required<HTMLButtonElement>('#stop-sharing', root);
    const trustedOnly = required<HTMLInputElement>('#share-trusted-only', root);
    const mine = required<HTMLElement>('#my-share', root);
    const serve = (share: LocalShare | null) => {
      this.files.serve(share, this.deps.verifiedPeers());
      stop.hidden = share === null;
      shareButton.textContent = t(share === null ? 'shared.shareFolder' : 'shared.shareAnother');
      mine.textContent = share === null ? t('shared.nothing') : describeShare(share, trustedOnly.checked);
    };
    const start = (folder: string, picked: PickedFile[], live: FileSystemDirectoryHandle | null) => {
      const share = new LocalShare(folder, picked, {
        send: this.deps.send,
        offer: this.deps.offer,
        mayUse: (peerId) => this.deps.enabled() && (!trustedOnly.checked || this.deps.trusted(peerId)),
        now: () => performance.now(),
        // A live folder: each pulled file is opened again, so a changed one goes out as it is now.
        reopen: live ? (path) => reopen(live, path) : undefined,
      });
      serve(share.files > 0 ? share : null);
      if (share.files === 0) this.deps.notify(t('shared.empty'));
    };
    shareButton.addEventListener('click', () => {
      if (!canPickLiveFolder()) {
        this.deps.pickFolder((picked) => start(picked[0] && picked[0].path.length > 1 ? picked[0].path[0]! : 'files', picked, null));
        return;
      }
      void pickLiveFolder().then(async (dir) => {
        if (!dir) return;
        mine.textContent = t('shared.reading', { folder: dir.name });
        try {
          start(dir.name, await listFolder(dir), dir);
        } catch (err) {
          console.warn('peerhub: could not read the folder to share', err);
          mine.textContent = t('shared.unreadable', { folder: dir.name });
        }
      });
    });
    stop.addEventListener('click', () => serve(null));
    trustedOnly.addEventListener('change', () => serve(this.files.sharedHere()));
  }

  /** A peer was verified: it hears what this page shares, if anything. */
  peerVerified(peerId: string): void {
    this.files.tellShare(peerId, false);
  }

  browse(peerId: string): void {
    this.files.find('', peerId);
    required<HTMLElement>('#shared-files').scrollIntoView({ block: 'nearest' });
  }

  private download(hits: ShareHit[]): void {
    const byPeer = new Map<string, string[][]>();
    for (const hit of hits) byPeer.set(hit.peerId, [...(byPeer.get(hit.peerId) ?? []), hit.entry.path]);
    for (const [peerId, paths] of byPeer) {
      const name = this.deps.peerName(peerId);
      if (this.files.pull(peerId, paths) > 0) this.deps.notify(t('shared.asked', { name, count: paths.length }));
      else this.deps.notify(t('shared.notConnected', { name }));
    }
  }
}

function describeShare(share: LocalShare, trustedOnly: boolean): string {
  const who = t(trustedOnly ? 'shared.withTrusted' : 'shared.withEveryone');
  return t('shared.mine', { folder: share.folderName, files: t('common.files', { count: share.files }), size: formatBytes(share.bytes), who });
}
