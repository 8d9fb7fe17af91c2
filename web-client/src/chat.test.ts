import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Chat, checkDraft, newMessageId, type ChatEntry } from './chat';
import { ALICE, BOB } from './test-fixtures';

function setup() {
  const sent: { to: string | '*'; text: string }[] = [];
  let connected = 1;
  const chat = new Chat(
    {
      send: (to, text) => (sent.push({ to, text }), true),
      broadcast: (text) => (sent.push({ to: '*', text }), connected),
    },
    () => ({ id: ALICE, name: 'Amber Otter' }),
  );
  const received: ChatEntry[] = [];
  const hellos: string[] = [];
  chat.on('message', (e) => received.push(e));
  chat.on('hello', (_from, name) => hellos.push(name));
  return { chat, sent, received, hellos, setConnected: (n: number) => (connected = n) };
}

const wire = (m: Record<string, unknown>) => JSON.stringify({ type: 'chat', id: 'x1', text: 'hi', ts: 1000, ...m });

describe('chat', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => warn.mockRestore();
  });

  it('says hello with my name when a channel opens', () => {
    const { chat, sent } = setup();
    chat.channelOpened(BOB);
    expect(sent).toEqual([{ to: BOB, text: JSON.stringify({ type: 'hello', v: 1, name: 'Amber Otter' }) }]);
  });

  it('says hello with this browser’s device id when it has one (for resuming transfers)', () => {
    const sent: string[] = [];
    const chat = new Chat(
      { send: (_to, text) => (sent.push(text), true), broadcast: () => 0 },
      () => ({ id: ALICE, name: 'Amber Otter' }),
      'dddddddddddddddddddddd',
    );
    chat.channelOpened(BOB);
    expect(JSON.parse(sent[0]!)).toEqual({ type: 'hello', v: 1, name: 'Amber Otter', device: 'dddddddddddddddddddddd' });
  });

  it('a received hello reports the sender’s device; a malformed device costs only the device', () => {
    const { chat } = setup();
    const devices: (string | undefined)[] = [];
    chat.on('hello', (_from, _name, device) => devices.push(device));
    chat.receive(BOB, 'B', JSON.stringify({ type: 'hello', v: 1, name: 'B', device: 'eeeeeeeeeeeeeeeeeeeeee' }));
    chat.receive(BOB, 'B', JSON.stringify({ type: 'hello', v: 1, name: 'B', device: '../x' }));
    expect(devices).toEqual(['eeeeeeeeeeeeeeeeeeeeee', undefined]);
  });

  it('transfer messages on the control channel are not the chat’s business', () => {
    const { chat, received, hellos } = setup();
    chat.receive(BOB, 'B', JSON.stringify({ type: 'transfer-cancel', id: 'tttttttttttttttttttttt', reason: 'cancelled' }));
    expect(received).toEqual([]);
    expect(hellos).toEqual([]);
  });

  it('a received hello is reported, not shown as a chat message', () => {
    const { chat, received, hellos } = setup();
    chat.receive(BOB, 'Brave Badger', JSON.stringify({ type: 'hello', v: 1, name: 'Brave Badger' }));
    expect(hellos).toEqual(['Brave Badger']);
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
    const { chat, received } = setup();
    chat.receive(BOB, 'Brave Badger', wire({ text: '<img src=x onerror=alert(1)>' }), 2000);
    expect(received).toEqual([
      { id: 'x1', from: BOB, fromName: 'Brave Badger', text: '<img src=x onerror=alert(1)>', ts: 1000, mine: false },
    ]);
  });

  it('the same message id from the same sender is shown once', () => {
    const { chat, received } = setup();
    chat.receive(BOB, 'Brave Badger', wire({}));
    chat.receive(BOB, 'Brave Badger', wire({ text: 'again' }));
    chat.receive('CCCCCCCCCCCCCCCCCCCCCC', 'Calm Crane', wire({}));
    expect(received.map((e) => e.from)).toEqual([BOB, 'CCCCCCCCCCCCCCCCCCCCCC']);
  });

  it('a timestamp from a clock running ahead is shown as now', () => {
    const { chat, received } = setup();
    chat.receive(BOB, 'Brave Badger', wire({ ts: 99_999 }), 5_000);
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
    const { chat, received } = setup();
    chat.receive(BOB, 'Brave Badger', raw);
    expect(received).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
  });

  it('message ids are 22 base64url characters and differ each time', () => {
    const a = newMessageId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newMessageId()).not.toBe(a);
  });
});
