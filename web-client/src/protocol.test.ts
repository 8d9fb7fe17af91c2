import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  MAX_CHANNEL_MESSAGE_BYTES,
  checkDisplayName,
  codePointLength,
  encodeChannelMessage,
  parseChannelMessage,
  parseServerMessage,
  parseSignalData,
  type ServerMessage,
} from './protocol';
import { ALICE, BOB, TOKEN, welcome } from './test-fixtures';

const parse = (value: unknown) => parseServerMessage(JSON.stringify(value));
const accepted = (value: unknown): ServerMessage => {
  const result = parse(value);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.value;
};
const refused = (value: unknown) => expect(parse(value).ok).toBe(false);

describe('server messages', () => {
  it('a welcome may name other servers, which must be ws or wss URLs', () => {
    const withServers = parseServerMessage(JSON.stringify(welcome({ servers: ['wss://b.example.org/ws'] })));
    expect(withServers).toMatchObject({ ok: true, value: { servers: ['wss://b.example.org/ws'] } });
    expect(parseServerMessage(JSON.stringify(welcome({ servers: ['javascript:alert(1)'] })))).toMatchObject({ ok: false });
  });

  it('a welcome with every field is accepted and keeps them', () => {
    const message = accepted(
      welcome({ iceServers: [{ urls: ['turn:t.example.org'], username: 'u', credential: 'c' }], resumed: true }),
    );
    expect(message).toEqual({
      type: 'welcome',
      v: 1,
      self: { id: ALICE, name: 'Amber Otter', kind: 'browser' },
      resume: TOKEN,
      iceServers: [{ urls: ['turn:t.example.org'], username: 'u', credential: 'c' }],
      peers: [{ id: BOB, name: 'Brave Badger', kind: 'browser' }],
      heartbeatMs: 10000,
      resumed: true,
    });
  });

  it('unknown fields are ignored, for forward compatibility', () => {
    expect(accepted(welcome({ future: 42 })).type).toBe('welcome');
    expect(accepted({ type: 'ping', extra: true })).toEqual({ type: 'ping' });
  });

  it.each([
    ['wrong version', { v: 2 }],
    ['missing self', { self: undefined }],
    ['self with a bad id', { self: { id: 'short', name: 'A', kind: 'browser' } }],
    ['self with an unknown kind', { self: { id: ALICE, name: 'A', kind: 'robot' } }],
    ['self with an empty name', { self: { id: ALICE, name: '', kind: 'browser' } }],
    ['self with a control character in the name', { self: { id: ALICE, name: 'A\u0007', kind: 'browser' } }],
    ['a short resume token', { resume: 'abc' }],
    ['iceServers not a list', { iceServers: {} }],
    ['urls as a bare string', { iceServers: [{ urls: 'stun:x' }] }],
    ['a numeric credential', { iceServers: [{ urls: ['turn:x'], credential: 5 }] }],
    ['peers not a list', { peers: null }],
    ['a malformed peer', { peers: [{ id: BOB, name: 42, kind: 'browser' }] }],
    ['heartbeatMs as a string', { heartbeatMs: '10000' }],
    ['heartbeatMs not an integer', { heartbeatMs: 1.5 }],
    ['resumed as a string', { resumed: 'yes' }],
  ])('a welcome with %s is refused', (_what, overrides) => {
    refused(welcome(overrides));
  });

  it('peer-joined, peer-left and peer-updated are accepted', () => {
    const peer = { id: BOB, name: 'Inbox', kind: 'drop' };
    expect(accepted({ type: 'peer-joined', peer })).toEqual({ type: 'peer-joined', peer });
    expect(accepted({ type: 'peer-updated', peer })).toEqual({ type: 'peer-updated', peer });
    expect(accepted({ type: 'peer-left', id: BOB })).toEqual({ type: 'peer-left', id: BOB });
  });

  it('peer messages with bad fields are refused', () => {
    refused({ type: 'peer-joined' });
    refused({ type: 'peer-joined', peer: { id: BOB, name: 'x'.repeat(65), kind: 'browser' } });
    refused({ type: 'peer-updated', peer: { id: BOB, name: 'Bob' } });
    refused({ type: 'peer-left', id: 7 });
    refused({ type: 'peer-left', id: 'not/a/peer/id/at/all!!' });
  });

  it('a signal needs a sender id and an object as data', () => {
    expect(accepted({ type: 'signal', from: BOB, data: { candidate: null } })).toEqual({
      type: 'signal',
      from: BOB,
      data: { candidate: null },
    });
    refused({ type: 'signal', from: BOB, data: 'sdp' });
    refused({ type: 'signal', from: BOB, data: [] });
    refused({ type: 'signal', from: BOB, data: null });
    refused({ type: 'signal', data: {} });
  });

  it('ping and pong carry no fields', () => {
    expect(accepted({ type: 'ping' })).toEqual({ type: 'ping' });
    expect(accepted({ type: 'pong' })).toEqual({ type: 'pong' });
  });

  it.each(ERROR_CODES)('an error with code %s is accepted', (code) => {
    expect(accepted({ type: 'error', code, message: 'why', ref: 'join' })).toEqual({
      type: 'error',
      code,
      message: 'why',
      ref: 'join',
    });
  });

  it('errors with bad fields are refused; ref is optional', () => {
    expect(accepted({ type: 'error', code: 'room-full', message: 'full' })).toEqual({
      type: 'error',
      code: 'room-full',
      message: 'full',
    });
    refused({ type: 'error', message: 'no code' });
    refused({ type: 'error', code: 'room-full' });
    refused({ type: 'error', code: 'room-full', message: 'x', ref: 3 });
  });

  it('frames that are not JSON objects with a known type are refused', () => {
    expect(parseServerMessage('not json').ok).toBe(false);
    expect(parseServerMessage('[1,2]').ok).toBe(false);
    expect(parseServerMessage('null').ok).toBe(false);
    refused({ kind: 'ping' });
    refused({ type: 7 });
    refused({ type: 'join' });
    refused({ type: 'toString' });
    refused({ type: '__proto__' });
  });
});

describe('signal data between peers', () => {
  it('accepts an offer, an answer, a rollback and candidates', () => {
    expect(parseSignalData({ description: { type: 'offer', sdp: 'v=0' } })).toEqual({
      ok: true,
      value: { description: { type: 'offer', sdp: 'v=0' } },
    });
    expect(parseSignalData({ description: { type: 'answer', sdp: 'v=0' } }).ok).toBe(true);
    expect(parseSignalData({ description: { type: 'rollback' } }).ok).toBe(true);
    expect(parseSignalData({ candidate: null })).toEqual({ ok: true, value: { candidate: null } });
    expect(
      parseSignalData({ candidate: { candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ host', sdpMid: '0', sdpMLineIndex: 0 } }),
    ).toEqual({
      ok: true,
      value: { candidate: { candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ host', sdpMid: '0', sdpMLineIndex: 0 } },
    });
  });

  it.each([
    ['both a description and a candidate', { description: { type: 'offer', sdp: '' }, candidate: null }],
    ['neither', {}],
    ['an unknown description type', { description: { type: 'pranswer', sdp: '' } }],
    ['an offer without sdp', { description: { type: 'offer' } }],
    ['a candidate without its string', { candidate: { sdpMid: '0' } }],
    ['a negative m-line index', { candidate: { candidate: 'c', sdpMLineIndex: -1 } }],
  ])('refuses %s', (_what, data) => {
    expect(parseSignalData(data).ok).toBe(false);
  });
});

describe('control channel messages', () => {
  const chat = (overrides: Record<string, unknown> = {}) =>
    JSON.stringify({ type: 'chat', id: 'm1', text: 'hi', ts: 1_700_000_000_000, ...overrides });

  it('a hello and a chat are accepted', () => {
    expect(parseChannelMessage(JSON.stringify({ type: 'hello', v: 1, name: 'Amber Otter' }))).toEqual({
      ok: true,
      value: { type: 'hello', v: 1, name: 'Amber Otter' },
    });
    expect(parseChannelMessage(chat())).toEqual({
      ok: true,
      value: { type: 'chat', id: 'm1', text: 'hi', ts: 1_700_000_000_000 },
    });
  });

  it('a hello of another version is refused', () => {
    expect(parseChannelMessage(JSON.stringify({ type: 'hello', v: 2, name: 'A' })).ok).toBe(false);
  });

  it.each([
    ['an empty id', { id: '' }],
    ['an id over 64 characters', { id: 'x'.repeat(65) }],
    ['a numeric id', { id: 5 }],
    ['empty text', { text: '' }],
    ['text over 4,000 code points', { text: '😀'.repeat(4001) }],
    ['a string timestamp', { ts: '1700000000000' }],
    ['a negative timestamp', { ts: -1 }],
  ])('a chat with %s is refused', (_what, overrides) => {
    expect(parseChannelMessage(chat(overrides)).ok).toBe(false);
  });

  it('4,000 emoji are 4,000 code points (8,000 UTF-16 units) and still allowed', () => {
    expect(parseChannelMessage(chat({ text: '😀'.repeat(4000) })).ok).toBe(true);
  });

  it('unknown types, binary data and messages over 16 KiB are refused', () => {
    expect(parseChannelMessage(JSON.stringify({ type: 'file-offer' })).ok).toBe(false);
    expect(parseChannelMessage(new ArrayBuffer(4)).ok).toBe(false);
    const big = JSON.stringify({ type: 'hello', v: 1, name: 'A', pad: 'x'.repeat(MAX_CHANNEL_MESSAGE_BYTES) });
    expect(parseChannelMessage(big)).toEqual({ ok: false, reason: 'larger than 16 KiB' });
  });

  it('encoding refuses a message that would exceed 16 KiB once escaped', () => {
    // 4,000 control characters are a valid text but escape to \u0001 (6 bytes) each.
    expect(encodeChannelMessage({ type: 'chat', id: 'm', text: '\u0001'.repeat(4000), ts: 0 })).toBeNull();
    expect(encodeChannelMessage({ type: 'chat', id: 'm', text: 'ok', ts: 0 })).not.toBeNull();
  });
});

describe('display names', () => {
  it('are trimmed and counted in code points', () => {
    expect(checkDisplayName('  Amber Otter ')).toEqual({ ok: true, name: 'Amber Otter' });
    expect(codePointLength('🦦')).toBe(1);
    expect('🦦'.length).toBe(2);
  });

  it('64 emoji fit, 65 do not', () => {
    expect(checkDisplayName('🦦'.repeat(64)).ok).toBe(true);
    expect(checkDisplayName('🦦'.repeat(65))).toMatchObject({ ok: false, code: 'name-too-long' });
  });

  it('empty names and invisible characters are refused as bad-name', () => {
    expect(checkDisplayName('   ')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(checkDisplayName('Eve\u202Egnp.exe')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(checkDisplayName('A\u2028B')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(checkDisplayName('Tab\there')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(checkDisplayName('Zero\u200Bwidth')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(checkDisplayName('lone \uD800 surrogate')).toMatchObject({ ok: false, code: 'bad-name' });
  });

  it('emoji built from joiners and tag characters are names like any other', () => {
    expect(checkDisplayName('👩\u200D💻 Ada').ok).toBe(true);
    expect(checkDisplayName('👨\u200D👩\u200D👧').ok).toBe(true);
    expect(checkDisplayName('\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} Morag').ok).toBe(true);
  });
});
