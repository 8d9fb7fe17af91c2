/**
 * Shared files in the room page: the search and browse panel, the avatars' `Browse shared
 * files`, and the batch download, put together over the mesh's control channel.
 */
import { newMessageId } from '../chat';
import type { ControlRoutes } from '../control-router';
import { required } from '../ui/dom';
import { SharedFilesPanel } from '../ui/shared-files-panel';
import type { ShareRefusalReason } from '../protocol';
import { SharedFiles, type ShareHit } from './shared-files';

export interface RoomSharesDeps {
  routes: ControlRoutes;
  send(peerId: string, text: string): boolean;
  peerName(peerId: string): string;
  /** A peer started or stopped sharing: its avatar offers `Browse shared files` only meanwhile. */
  sharing(peerId: string, shares: boolean): void;
  notify(text: string): void;
}

const REFUSAL_WORDS: Record<ShareRefusalReason, string> = {
  'not-shared': 'no longer shares those files',
  'not-allowed': 'does not share them with this device',
  busy: 'is busy sending to others; try again in a moment',
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
    this.files.on('refused', (name, reason) => deps.notify(`${name} ${REFUSAL_WORDS[reason]}.`));
  }

  /** Builds the panel on the page; the control routes are taken from the start, before this. */
  mount(root: ParentNode): void {
    this.panel = new SharedFilesPanel(
      root,
      { find: (text) => this.files.find(text), more: (peerId) => this.files.more(peerId), download: (hits) => this.download(hits) },
      this.deps.peerName,
    );
    this.panel.sharers(this.files.sharers());
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
      if (this.files.pull(peerId, paths) > 0) this.deps.notify(`Asked ${name} for ${paths.length} file${paths.length === 1 ? '' : 's'}.`);
      else this.deps.notify(`${name} is not connected right now.`);
    }
  }
}
