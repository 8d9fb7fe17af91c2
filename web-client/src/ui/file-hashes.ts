/**
 * The SHA-256 of each file a transfer brought, for people who check: a `details` element under a
 * received transfer, each file's name, its hash as text and a Copy button. The list is built when
 * first opened, so a transfer of thousands of files costs nothing until someone looks.
 */
import { t } from '../i18n';
import { el } from './dom';

export function fileHashes(names: readonly string[], sha256: readonly (string | null)[]): HTMLDetailsElement {
  const list = el('ul', { className: 'hash-list' });
  const verified = sha256.filter((h) => h !== null).length;
  const summary = names.length === 1 ? t('hashes.one') : verified === names.length ? t('hashes.each') : t('hashes.verified', { count: verified });
  const details = el('details', { className: 'transfer-hashes' }, el('summary', { text: summary }), list);
  details.addEventListener('toggle', () => {
    if (!details.open || list.childElementCount > 0) return;
    names.forEach((name, i) => {
      const hash = sha256[i];
      if (hash) list.append(hashRow(name, hash));
    });
  });
  return details;
}

function hashRow(name: string, hash: string): HTMLLIElement {
  const code = el('code', { className: 'hash', text: hash });
  const copy = el('button', { className: 'button small', text: t('common.copy'), attrs: { type: 'button', 'aria-label': t('hashes.copyLabel', { name }) } });
  const status = el('span', { className: 'hash-copied', attrs: { role: 'status' } });
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(hash).then(
      () => {
        status.textContent = t('hashes.copied');
      },
      () => {
        // No clipboard (permission refused, insecure context): select it for the person to copy.
        const range = document.createRange();
        range.selectNodeContents(code);
        const selection = getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        status.textContent = t('hashes.selected');
      },
    );
  });
  return el('li', {}, el('span', { className: 'hash-name', text: name }), ' ', code, ' ', copy, ' ', status);
}
