/**
 * How files get picked: the hidden file and folder inputs behind `Send files`, `Send folder`
 * and `Send to everyone`, `Choose folder` for receiving, and drops anywhere in the room (an
 * avatar handles its own drop; anywhere else means everyone).
 */
import { pickedFromDrop, pickedFromInput, type PickedFile } from '../transfer/manifest';
import { el } from './dom';

export class FilePickers {
  private readonly files: HTMLInputElement;
  private readonly folder: HTMLInputElement;
  private onPicked: ((picked: PickedFile[]) => void) | null = null;

  constructor(root: HTMLElement) {
    this.files = el('input', { className: 'visually-hidden', attrs: { type: 'file', multiple: '', tabindex: '-1', 'aria-hidden': 'true' } });
    this.folder = el('input', { className: 'visually-hidden', attrs: { type: 'file', webkitdirectory: '', tabindex: '-1', 'aria-hidden': 'true' } });
    for (const input of [this.files, this.folder]) {
      input.addEventListener('change', () => {
        const picked = pickedFromInput(input.files ?? []);
        input.value = '';
        const then = this.onPicked;
        this.onPicked = null;
        if (picked.length > 0) then?.(picked);
      });
      root.append(input);
    }
  }

  pickFiles(then: (picked: PickedFile[]) => void): void {
    this.onPicked = then;
    this.files.click();
  }

  pickFolder(then: (picked: PickedFile[]) => void): void {
    this.onPicked = then;
    this.folder.click();
  }
}

export function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** Drops on the page outside any avatar: offered to everyone. */
export function acceptRoomDrops(target: HTMLElement, onDrop: (picked: PickedFile[]) => void): void {
  target.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    target.classList.add('drag-over');
  });
  target.addEventListener('dragleave', () => target.classList.remove('drag-over'));
  target.addEventListener('drop', (event) => {
    target.classList.remove('drag-over');
    if (!event.dataTransfer || !hasFiles(event)) return;
    event.preventDefault();
    void pickedFromDrop(event.dataTransfer).then((picked) => picked.length > 0 && onDrop(picked));
  });
}
