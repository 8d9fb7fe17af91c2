/**
 * The SHA-256 of each file a transfer brought, for people who check: a `details` element under a
 * received transfer, each file's name, its hash as text and a Copy button. The list is built when
 * first opened, so a transfer of thousands of files costs nothing until someone looks.
 */
import { el } from './dom';

export function fileHashes(names: readonly string[], sha256: readonly (string | null)[]): HTMLDetailsElement {
  const list = el('ul', { className: 'hash-list' });
  const verified = sha256.filter((h) => h !== null).length;
  const summary = names.length === 1 ? 'SHA-256' : `SHA-256 of ${verified === names.length ? 'each file' : `the ${verified} verified files`}`;
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
  const copy = el('button', { className: 'button small', text: 'Copy', attrs: { type: 'button', 'aria-label': `Copy the SHA-256 of ${name}` } });
  const status = el('span', { className: 'hash-copied', attrs: { role: 'status' } });
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(hash).then(
      () => {
        status.textContent = 'Copied.';
      },
      () => {
        // No clipboard (permission refused, insecure context): select it for the person to copy.
        const range = document.createRange();
        range.selectNodeContents(code);
        const selection = getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        status.textContent = 'Selected: copy it with your keyboard.';
      },
    );
  });
  return el('li', {}, el('span', { className: 'hash-name', text: name }), ' ', code, ' ', copy, ' ', status);
}
