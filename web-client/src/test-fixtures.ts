/** Well-formed identifiers and messages for the unit tests (not part of the app bundle). */
/** The room of key AAECAwQFBgcICQoLDA0ODw (protocol/vectors/trust.json) and its admission proof. */
export const ROOM = 'o86ffQSkUVQU6OHvHw68OQ';
export const PROOF = '4F6A2xgENYCOjBfrNrDkH3EtXFg3WZcIvvjzLEPQC1w';
export const ALICE = 'AAAAAAAAAAAAAAAAAAAAAA';
export const BOB = 'BBBBBBBBBBBBBBBBBBBBBB';
export const CAROL = 'CCCCCCCCCCCCCCCCCCCCCC';
export const TOKEN = 'T'.repeat(43);

export function welcome(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'welcome',
    v: 2,
    self: { id: ALICE, name: 'Amber Otter', kind: 'browser' },
    resume: TOKEN,
    iceServers: [{ urls: ['stun:stun.example.org:3478'] }],
    peers: [{ id: BOB, name: 'Brave Badger', kind: 'browser' }],
    heartbeatMs: 10000,
    resumed: false,
    ...overrides,
  };
}
