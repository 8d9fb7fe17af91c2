/**
 * The page the service worker answers with when a page of Peerhub cannot be fetched: it stands
 * at the address the person asked for (a room's link, key included, stays in the address bar), so
 * it only has to reload once the server answers again.
 */
import './styles.css';
import { required } from './ui/dom';
import { Backoff } from './backoff';
import { t } from './i18n';
import { startI18n } from './i18n/page';

// From the service worker's cache like the rest of this page's code, so offline is in the person's language too.
startI18n();

const status = required<HTMLElement>('#offline-status');
const retry = required<HTMLButtonElement>('#offline-retry');

// 2 s doubling to 30 s: a page left open offline for hours asks twice a minute at most.
const backoff = new Backoff({ initialMs: 2_000, maxMs: 30_000 });
let timer: ReturnType<typeof setTimeout> | undefined;

async function serverAnswers(): Promise<boolean> {
  try {
    const response = await fetch('/healthz', { cache: 'no-store' });
    return response.ok;
  } catch {
    return false;
  }
}

async function probe(): Promise<void> {
  clearTimeout(timer);
  status.textContent = t('offline.trying');
  if (await serverAnswers()) {
    status.textContent = t('offline.back');
    location.reload();
    return;
  }
  const delay = backoff.next();
  status.textContent = t('offline.still', { seconds: Math.round(delay / 1000) });
  timer = setTimeout(() => void probe(), delay);
}

retry.addEventListener('click', () => {
  backoff.reset();
  void probe();
});
addEventListener('online', () => {
  backoff.reset();
  void probe();
});
timer = setTimeout(() => void probe(), backoff.next());
