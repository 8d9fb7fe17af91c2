// Makes the Automerge fixtures both suites read (native-peer BrowserFixturesTest, web-client
// src/vectors/documents.test.ts): real sync messages and a saved document produced by the
// browser's Automerge (@automerge/automerge 3.5.0, from web-client/node_modules),
// seeded exactly as web-client/src/docs/documents.ts seeds a text document.
//
//   cd web-client && node ../protocol/vectors/documents/make-fixtures.mjs
//
// Output (next to this script):
//   notes-sync.bin      the browser's sync messages to a peer that starts empty, for document
//                       "notes": each as u32 big-endian length + bytes, in the order sent
//   notes-frames.bin    the same messages framed for the documents channel with 300-byte
//                       frames (docs/protocol.md "Documents"), each frame length-prefixed
//   notes.automerge     the browser's document saved (A.save)
//   notes.txt           its text, UTF-8
//   index-sync.bin      the same for the room's index, which lists "plan" titled "Plan 📋"
//   seed.change         the common seed of every text document (docs/protocol.md "Documents"):
//                       its one change, as Automerge encodes it; the Java peer starts the
//                       documents it creates from these bytes
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(process.cwd(), 'package.json'));
const A = await import(require.resolve('@automerge/automerge'));
const here = dirname(fileURLToPath(import.meta.url));

const SEED_ACTOR = '00'.repeat(16);
const seed = A.change(A.init({ actor: SEED_ACTOR }), { time: 0 }, (d) => { d.text = ''; });
const seeded = () => A.clone(seed, { actor: 'b0'.repeat(16) });
writeFileSync(join(here, 'seed.change'), A.getLastLocalChange(seed));

// Text with what breaks naive position arithmetic: astral emoji, ZWJ sequences, a flag,
// combining marks, and a few hundred edits so the changes do not fit one small frame.
let doc = seeded();
const pieces = ['héllo ', '👩‍👩‍👧', ' e\u0301 ', '🇫🇷', ' n\u0303 ', '😀', ' done'];
for (const p of pieces) doc = A.change(doc, (d) => A.splice(d, ['text'], d.text.length, 0, p));
for (let i = 0; i < 300; i++) doc = A.change(doc, (d) => A.splice(d, ['text'], d.text.length, 0, String(i % 10)));
doc = A.change(doc, (d) => A.splice(d, ['text'], 6, 0, '🧑🏽‍💻 ')); // inside, after "héllo "
doc = A.change(doc, (d) => A.splice(d, ['text'], 0, 1, 'H'));   // a deletion

function conversation(browserDoc, emptyPeer) {
  let a = browserDoc, b = emptyPeer;
  let sa = A.initSyncState(), sb = A.initSyncState();
  const sent = [];
  for (let round = 0; round < 20; round++) {
    let m;
    [sa, m] = A.generateSyncMessage(a, sa);
    if (m) { sent.push(m); [b, sb] = A.receiveSyncMessage(b, sb, m); }
    let r;
    [sb, r] = A.generateSyncMessage(b, sb);
    if (r) [a, sa] = A.receiveSyncMessage(a, sa, r);
    if (!m && !r) break;
  }
  if (JSON.stringify(b) !== JSON.stringify(browserDoc)) throw new Error('fixture conversation did not converge');
  return sent;
}

function lengthPrefixed(parts) {
  const total = parts.reduce((n, p) => n + 4 + p.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const p of parts) { view.setUint32(at, p.length); out.set(p, at + 4); at += 4 + p.length; }
  return out;
}

function frames(docId, message, frameBytes) {
  const id = new TextEncoder().encode(docId);
  const header = 10 + id.length;
  const room = frameBytes - header;
  const out = [];
  for (let offset = 0; offset < message.length; offset += room) {
    const part = message.subarray(offset, Math.min(offset + room, message.length));
    const f = new Uint8Array(header + part.length);
    const v = new DataView(f.buffer);
    f[0] = 1; f[1] = id.length; f.set(id, 2);
    v.setUint32(2 + id.length, message.length); v.setUint32(6 + id.length, offset);
    f.set(part, header);
    out.push(f);
  }
  return out;
}

// The Java peer starts a document it hears of from nothing (an empty Document), so the browser
// talks to an empty peer here, as it will there.
const notesMessages = conversation(doc, A.init());
writeFileSync(join(here, 'notes-sync.bin'), lengthPrefixed(notesMessages));
writeFileSync(join(here, 'notes-frames.bin'), lengthPrefixed(notesMessages.flatMap((m) => frames('notes', m, 300))));
writeFileSync(join(here, 'notes.automerge'), A.save(doc));
writeFileSync(join(here, 'notes.txt'), doc.text, 'utf8');

let index = A.change(A.init({ actor: 'b0'.repeat(16) }), (d) => { d.plan = { title: 'Plan 📋', created: 1_700_000_000_000 }; });
writeFileSync(join(here, 'index-sync.bin'), lengthPrefixed(conversation(index, A.init())));
console.log(`notes: ${notesMessages.length} messages, ${notesMessages.map((m) => m.length).join('+')} bytes; text ${doc.text.length} UTF-16 units`);
