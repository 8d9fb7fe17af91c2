/**
 * Peerhub's service worker, served as /sw.js. It makes the app installable and lets a visited
 * page open without the server: a page that cannot be fetched is answered with the offline page,
 * at the same address, so the room's link (its key) stays in the address bar for the reload.
 *
 * It keeps the app's code, never a room's: only the release's hashed files, the manifest, the icons
 * and the offline page (shell-routes.ts). A new release takes over at once, and the release
 * before it stays cached, so a room open on the old code still loads the parts it fetches late
 * (the document engine) after the server has moved on to the new one.
 *
 * Built as its own entry with no imports shared with the pages, so it stays one classic script.
 */
import { CACHE_PREFIX, OFFLINE_PAGE, cachesToDelete, shellRoute } from './shell-routes';

/** Put in front of this file by the build (build/app-shell.ts): the release and what it consists of. */
declare const PEERHUB_SHELL: { version: string; files: string[] };

interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  readonly location: Location;
}

const worker = self as unknown as WorkerScope;
const CACHE = CACHE_PREFIX + PEERHUB_SHELL.version;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload`: the offline page and the manifest must be this release's, not a cached copy.
      .then((cache) => cache.addAll(PEERHUB_SHELL.files.map((file) => new Request(file, { cache: 'reload' }))))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(cachesToDelete(names, CACHE).map((name) => caches.delete(name))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  switch (shellRoute(request, worker.location.origin)) {
    case 'page':
      event.respondWith(page(request));
      return;
    case 'asset':
      event.respondWith(asset(request));
      return;
    case 'shell':
      event.respondWith(shell(request));
      return;
    case 'network':
      return;
  }
});

async function page(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (err) {
    const offline = await caches.match(OFFLINE_PAGE, { cacheName: CACHE });
    if (offline) return offline;
    throw err;
  }
}

/** Hashed files never change under one name: any release's copy is the right one. */
async function asset(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    void caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

async function shell(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName: CACHE })) ?? fetch(request);
}
