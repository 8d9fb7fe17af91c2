/**
 * Other peers' carets and selections in the open document, as CodeMirror decorations: a tinted
 * range for the selection and a caret with the peer's name, in the peer's avatar colour.
 *
 * Positions travel as Automerge cursors (stable ids of characters), so a caret stays on its
 * character while others type before it; they are turned into UTF-16 offsets only to draw.
 */
import * as A from '@automerge/automerge';
import { RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import { hueFor } from '../ui/avatar';
import { TEXT_PATH } from './documents';

export interface RemoteCursor {
  peerId: string;
  name: string;
  anchor: number;
  head: number;
}

class CaretWidget extends WidgetType {
  constructor(
    private readonly name: string,
    private readonly hue: number,
  ) {
    super();
  }

  override eq(other: CaretWidget): boolean {
    return other.name === this.name && other.hue === this.hue;
  }

  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'remote-caret';
    caret.setAttribute('aria-hidden', 'true');
    // The name is drawn by CSS from this attribute, so it is never part of the document's text.
    caret.dataset.name = this.name;
    caret.style.setProperty('--hue', String(this.hue));
    return caret;
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

export const setRemoteCursors = StateEffect.define<RemoteCursor[]>();

export const remoteCursorsField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setRemoteCursors)) next = decorate(effect.value, tr.state.doc.length);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function decorate(cursors: RemoteCursor[], length: number): DecorationSet {
  const ranges: { from: number; to: number; deco: Decoration }[] = [];
  for (const c of cursors) {
    const hue = hueFor(c.name);
    const head = clamp(c.head, length);
    const anchor = clamp(c.anchor, length);
    const from = Math.min(head, anchor);
    const to = Math.max(head, anchor);
    if (from < to) {
      ranges.push({
        from,
        to,
        deco: Decoration.mark({ class: 'remote-selection', attributes: { style: `--hue: ${hue}` } }),
      });
    }
    ranges.push({ from: head, to: head, deco: Decoration.widget({ widget: new CaretWidget(c.name, hue), side: 1 }) });
  }
  ranges.sort((a, b) => a.from - b.from || a.to - b.to);
  const builder = new RangeSetBuilder<Decoration>();
  for (const r of ranges) builder.add(r.from, r.to, r.deco);
  return builder.finish();
}

function clamp(position: number, length: number): number {
  return Math.max(0, Math.min(position, length));
}

export function remoteCursors(): Extension {
  return remoteCursorsField;
}

/** An Automerge cursor for a UTF-16 offset in the document's text; null if there is no text yet. */
export function cursorAt(doc: A.Doc<unknown>, position: number): string | null {
  try {
    const length = (doc as { text?: string }).text?.length ?? 0;
    return A.getCursor(doc, TEXT_PATH, position >= length ? 'end' : position);
  } catch {
    return null;
  }
}

/** The UTF-16 offset a cursor from another peer points at now; null if it does not resolve. */
export function positionOf(doc: A.Doc<unknown>, cursor: string): number | null {
  try {
    return A.getCursorPosition(doc, TEXT_PATH, cursor);
  } catch {
    return null;
  }
}
