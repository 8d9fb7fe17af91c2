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
import { CACHE_PREFIX, OFFLINE_PAGE, SHARE_ACTION, cachesToDelete, shellRoute } from './shell-routes';

/** Put in front of this file by the build (build/app-shell.ts): the release and what it consists of. */
declare const PEERHUB_SHELL: { version: string; files: string[] };

interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface MessageSource {
  postMessage(message: unknown): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
  readonly source: MessageSource | null;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
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
    case 'share':
      receiveShare(event);
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

/**
 * A share from the system arrives as a POST navigation. It is answered with a redirect to the
 * chooser page (a reload must not post again), and its form data waits here until that page asks
 * for it: the page keeps it (share-target/share-inbox.ts), since a worker may be stopped at any
 * time. Nothing of it is ever sent to the server.
 */
interface Shared {
  files: File[];
  title: string;
  text: string;
  url: string;
}
/** Long enough for a slow phone to load the chooser; then the share is dropped. */
const SHARE_PICKUP_MS = 60_000;
const waiting = new Map<string, { data: Promise<Shared>; pickedUp: () => void }>();

function receiveShare(event: FetchEvent): void {
  // 24 hex characters: the form share-inbox.ts accepts (the worker shares no code with pages).
  const id = [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const data = event.request.formData().then((form) => ({
    files: form.getAll('files').filter((f): f is File => f instanceof File && f.name !== ''),
    title: field(form, 'title'),
    text: field(form, 'text'),
    url: field(form, 'url'),
  }));
  let pickedUp: () => void = () => undefined;
  const picked = new Promise<void>((resolve) => (pickedUp = resolve));
  waiting.set(id, { data, pickedUp });
  event.respondWith(Promise.resolve(Response.redirect(`${SHARE_ACTION}?id=${id}`, 303)));
  event.waitUntil(
    Promise.race([picked, new Promise<void>((resolve) => setTimeout(resolve, SHARE_PICKUP_MS))]).then(() => {
      waiting.delete(id);
    }),
  );
}

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

worker.addEventListener('message', (event) => {
  const message = event.data as { type?: unknown; id?: unknown } | null;
  if (!message || message.type !== 'peerhub-share-ready' || typeof message.id !== 'string' || !event.source) return;
  const id = message.id;
  const source = event.source;
  const entry = waiting.get(id);
  if (!entry) {
    source.postMessage({ type: 'peerhub-share', id, found: false });
    return;
  }
  event.waitUntil(
    entry.data
      .then((shared) => source.postMessage({ type: 'peerhub-share', id, found: true, ...shared }))
      .catch(() => source.postMessage({ type: 'peerhub-share', id, found: false }))
      .finally(() => {
        waiting.delete(id);
        entry.pickedUp();
      }),
  );
});
