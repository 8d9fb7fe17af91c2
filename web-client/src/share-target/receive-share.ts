/**
 * The chooser page's side of a share: takes what the service worker holds for this page (the
 * share target's POST, `?id=`), or what the system opened Peerhub with (File Handling's launch
 * queue), and keeps it in the share inbox. A reload of the page finds it there.
 */
import { type SharedItem, type ShareInbox, isShareId, newShareId, sharedText } from './share-inbox';

/** The manifest's share_target action (pwa/shell-routes.ts, which pages must not import: it is the worker's). */
const SHARE_ACTION = '/share';
/** The worker answers at once; this only stops a page waiting for a worker that is gone. */
const WORKER_ANSWER_MS = 10_000;
/** A launch with files is delivered as soon as the consumer is set; a plain visit never is. */
const LAUNCH_WAIT_MS = 1_000;

interface WorkerShare {
  type: 'peerhub-share';
  id: string;
  found: boolean;
  files?: unknown[];
  title?: unknown;
  text?: unknown;
  url?: unknown;
}

interface LaunchParams {
  files: readonly { kind: string; getFile?: () => Promise<File> }[];
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

/** The share this page is for: null when there is none, 'lost' when it was made but did not arrive. */
export async function receiveShare(inbox: ShareInbox, now = Date.now()): Promise<SharedItem | null | 'lost'> {
  const params = new URLSearchParams(location.search);
  if (params.has('lost')) return 'lost';
  const id = params.get('id');
  if (isShareId(id)) {
    const kept = await inbox.get(id, now);
    if (kept) return kept;
    const fromWorker = await askWorker(id);
    if (!fromWorker) return 'lost';
    return keep(inbox, { id, at: now, ...fromWorker });
  }
  const launched = await launchFiles();
  if (launched.length === 0) return null;
  const item = { id: newShareId(), at: now, files: launched, text: '' };
  history.replaceState(null, '', `${SHARE_ACTION}?id=${item.id}`);
  return keep(inbox, item);
}

async function keep(inbox: ShareInbox, item: SharedItem): Promise<SharedItem | null> {
  if (item.files.length === 0 && item.text === '') return null;
  await inbox.put(item);
  return item;
}

function askWorker(id: string): Promise<Pick<SharedItem, 'files' | 'text'> | null> {
  const container = navigator.serviceWorker;
  const worker = container?.controller;
  if (!worker) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(null), WORKER_ANSWER_MS);
    const onMessage = (event: MessageEvent) => {
      const answer = event.data as WorkerShare | null;
      if (!answer || answer.type !== 'peerhub-share' || answer.id !== id) return;
      if (!answer.found) return done(null);
      const files = (answer.files ?? []).filter((f): f is File => f instanceof File);
      done({ files, text: sharedText([str(answer.title), str(answer.text), str(answer.url)]) });
    };
    function done(result: Pick<SharedItem, 'files' | 'text'> | null): void {
      clearTimeout(timer);
      container.removeEventListener('message', onMessage);
      resolve(result);
    }
    container.addEventListener('message', onMessage);
    container.startMessages();
    worker.postMessage({ type: 'peerhub-share-ready', id });
  });
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

async function launchFiles(): Promise<File[]> {
  const queue = (window as unknown as { launchQueue?: LaunchQueue }).launchQueue;
  if (!queue) return [];
  const params = await new Promise<LaunchParams | null>((resolve) => {
    setTimeout(() => resolve(null), LAUNCH_WAIT_MS);
    queue.setConsumer((p) => resolve(p));
  });
  const handles = (params?.files ?? []).filter((h) => h.kind === 'file' && h.getFile);
  return Promise.all(handles.map((h) => h.getFile!()));
}
