import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Chat, checkDraft, newMessageId, type ChatEntry } from './chat';
import { ControlRouter } from './control-router';
import { ALICE, BOB } from './test-fixtures';

function setup(now = () => 5_000_000) {
  const sent: { to: string | '*'; text: string }[] = [];
  let connected = 1;
  const router = new ControlRouter();
  const chat = new Chat(
    { broadcast: (text) => (sent.push({ to: '*', text }), connected) },
    () => ({ id: ALICE, name: 'Amber Otter' }),
    router,
    now,
  );
  const received: ChatEntry[] = [];
  chat.on('message', (e) => received.push(e));
  // What production does with a peer's control-channel message: hand it to the router.
  const fromPeer = (id: string, name: string, raw: unknown) => router.receive({ id, name }, raw);
  return { chat, sent, received, fromPeer, setConnected: (n: number) => (connected = n) };
}

const wire = (m: Record<string, unknown>) => JSON.stringify({ type: 'chat', id: 'x1', text: 'hi', ts: 1000, ...m });

describe('chat', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => warn.mockRestore();
  });

  it('transfer messages on the control channel are not the chat’s business', () => {
    const { fromPeer, received } = setup();
    fromPeer(BOB, 'B', JSON.stringify({ type: 'transfer-cancel', id: 'tttttttttttttttttttttt', reason: 'cancelled' }));
    expect(received).toEqual([]);
  });

  it('sending broadcasts a chat message and shows it as mine with my name', () => {
    const { chat, sent, received } = setup();
    const result = chat.send('hello room', 5000);
    expect(result).toMatchObject({ delivered: 1 });
    const message = JSON.parse(sent[0]!.text);
    expect(message).toMatchObject({ type: 'chat', text: 'hello room', ts: 5000 });
    expect(received).toEqual([
      { id: message.id, from: ALICE, fromName: 'Amber Otter', text: 'hello room', ts: 5000, mine: true },
    ]);
  });

  it('sending with nobody connected still shows the message and says nobody got it', () => {
    const { chat, setConnected, received } = setup();
    setConnected(0);
    expect(chat.send('anyone?')).toMatchObject({ delivered: 0 });
    expect(received).toHaveLength(1);
  });

  it('empty, oversize and over-escaped drafts are refused before sending', () => {
    const { chat, sent } = setup();
    expect(chat.send('   ')).toHaveProperty('error');
    expect(chat.send('a'.repeat(4001))).toHaveProperty('error');
    expect(chat.send('\u0001'.repeat(4000))).toEqual({ error: 'The message is too large to send; please shorten it.' });
    expect(sent).toEqual([]);
  });

  it('the draft limit counts code points: 4,000 emoji are allowed', () => {
    expect(checkDraft('🦦'.repeat(4000)).ok).toBe(true);
    expect(checkDraft('🦦'.repeat(4001)).ok).toBe(false);
  });

  it('a received message is passed on with the sender name and its text as-is', () => {
    const { fromPeer, received } = setup(() => 2000);
    fromPeer(BOB, 'Brave Badger', wire({ text: '<img src=x onerror=alert(1)>' }));
    expect(received).toEqual([
      { id: 'x1', from: BOB, fromName: 'Brave Badger', text: '<img src=x onerror=alert(1)>', ts: 1000, mine: false },
    ]);
  });

  it('the same message id from the same sender is shown once', () => {
    const { fromPeer, received } = setup();
    fromPeer(BOB, 'Brave Badger', wire({}));
    fromPeer(BOB, 'Brave Badger', wire({ text: 'again' }));
    fromPeer('CCCCCCCCCCCCCCCCCCCCCC', 'Calm Crane', wire({}));
    expect(received.map((e) => e.from)).toEqual([BOB, 'CCCCCCCCCCCCCCCCCCCCCC']);
  });

  it('a timestamp from a clock running ahead is shown as now', () => {
    const { fromPeer, received } = setup(() => 5_000);
    fromPeer(BOB, 'Brave Badger', wire({ ts: 99_999 }));
    expect(received[0]!.ts).toBe(5_000);
  });

  it.each([
    ['oversize text', wire({ text: 'a'.repeat(4001) })],
    ['a missing id', JSON.stringify({ type: 'chat', text: 'hi', ts: 1 })],
    ['a numeric text', wire({ text: 42 })],
    ['an unknown type', JSON.stringify({ type: 'shout', text: 'hi' })],
    ['broken JSON', '{"type":"chat",'],
    ['binary data', new Uint8Array([1, 2, 3]).buffer],
  ])('a message with %s is dropped and logged', (_what, raw) => {
    const { fromPeer, received } = setup();
    fromPeer(BOB, 'Brave Badger', raw);
    expect(received).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
  });

  it('message ids are 22 base64url characters and differ each time', () => {
    const a = newMessageId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newMessageId()).not.toBe(a);
  });
});
