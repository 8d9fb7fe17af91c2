/**
 * What the service worker does with a request, decided from the request alone so it can be
 * tested without a worker. It answers only for the app's own code and the offline page: a room's
 * link, its signaling, its TURN credentials and everything a peer sends never touch a cache.
 */
export type ShellRoute =
  /** A page: from the network, and the offline page when the network cannot answer. */
  | 'page'
  /** A hashed file of a release: from any release's cache, else the network (then kept). */
  | 'asset'
  /** The manifest and icons: from this release's cache, else the network. */
  | 'shell'
  /** The share target's POST (the manifest's share_target): files and text shared from the system. */
  | 'share'
  /** Everything else goes to the network untouched. */
  | 'network';

export interface ShellRequest {
  url: string;
  method: string;
  mode: string;
}

export const OFFLINE_PAGE = '/offline.html';
/** The manifest's share_target action; the chooser page is served at the same path. */
export const SHARE_ACTION = '/share';
const SHELL_FILES = /^\/(?:manifest\.webmanifest|icons\/[A-Za-z0-9_-]+\.png)$/;

export function shellRoute(request: ShellRequest, origin: string): ShellRoute {
  const url = new URL(request.url);
  if (url.origin !== origin) return 'network';
  if (request.method === 'POST' && url.pathname === SHARE_ACTION && request.mode === 'navigate') return 'share';
  if (request.method !== 'GET') return 'network';
  if (request.mode === 'navigate') return 'page';
  if (url.pathname.startsWith('/assets/') && url.search === '') return 'asset';
  if (SHELL_FILES.test(url.pathname) && url.search === '') return 'shell';
  return 'network';
}

/** A release's cache; older ones are kept one release longer so an open room can still load its code. */
export const CACHE_PREFIX = 'peerhub-shell-';

/** Which caches to delete once `current` is active: all but it and the one made just before it. */
export function cachesToDelete(names: readonly string[], current: string): string[] {
  const ours = names.filter((name) => name.startsWith(CACHE_PREFIX));
  const others = ours.filter((name) => name !== current);
  // caches.keys() lists caches in the order they were made, so the last other one is the previous release.
  return others.slice(0, Math.max(0, others.length - 1));
}
