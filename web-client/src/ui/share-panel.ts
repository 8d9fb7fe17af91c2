/**
 * Sharing the room: a `Copy link` button (header) and a QR code of the link (stage), so a
 * phone can join by pointing its camera. The link is the room's only key, so it is shown whole.
 */
import { t } from '../i18n';
import { required } from './dom';
import { whenIdle } from '../idle';
import type { QrReply, QrRequest } from './qr-messages';

export function setupShare(root: ParentNode, url: string, notify: (text: string) => void): void {
  const copyButton = required<HTMLButtonElement>('#copy-link', root);
  const linkText = required<HTMLElement>('#room-link', root);
  const qr = required<HTMLImageElement>('#room-qr', root);
  linkText.textContent = url;
  qr.alt = t('share.qrAlt');

  copyButton.addEventListener('click', () => {
    void copyText(url).then((copied) => {
      if (copied) {
        notify(t('share.copied'));
      } else {
        selectText(linkText);
        notify(t('share.copyBlocked'));
      }
    });
  });

  // Encoded in a worker, once the page is idle; an SVG scales crisply at any size. It is a data:
  // URL, so the page's CSP needs img-src data:.
  whenIdle(() => encodeQr(url))
    .then((svg) => {
      qr.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    })
    .catch((err: unknown) => console.warn('peerhub: QR code failed', err));
}

function encodeQr(text: string): Promise<string> {
  const worker = new Worker(new URL('./qr-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<string>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<QrReply>) => {
      if (event.data.ok) resolve(event.data.svg);
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => reject(new Error(event.message || 'the QR worker did not start'));
    worker.postMessage({ text } satisfies QrRequest);
  }).finally(() => worker.terminate());
}

/**
 * navigator.clipboard exists only in secure contexts (https, localhost); on a plain-http LAN
 * address fall back to the old execCommand path, which still works from a click.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused: try the fallback.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

function selectText(node: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}
