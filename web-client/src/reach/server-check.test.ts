import { describe, expect, it } from 'vitest';
import { gatheredFromStats, judgeCheck, usableServers, type GatheredCandidate } from './server-check';

const CRED = { username: '1796235044:probe', credential: 'nIYzpbqcS0mLDZXnBGvvnnVye54=' };

// What Chromium 156 gathered here against a coturn on 127.0.0.1:34781 (local-candidate stats).
const HOST: GatheredCandidate = { type: 'host', address: '192.0.2.2', port: 40590, url: null };
const SRFLX: GatheredCandidate = { type: 'srflx', address: '127.0.0.1', port: 40590, url: 'stun:127.0.0.1:34781' };
const RELAY: GatheredCandidate = { type: 'relay', address: '127.0.0.1', port: 62672, url: 'turn:127.0.0.1:34781?transport=udp' };

describe('judgeCheck', () => {
  it('says in words when the hub has no servers at all', () => {
    const result = judgeCheck([], [HOST], [], true);

    expect(result.verdicts).toEqual([]);
    expect(result.summary).toContain('no STUN or TURN servers configured');
  });

  it('reports a relay allocated, with its address', () => {
    const result = judgeCheck([{ urls: ['turn:127.0.0.1:34781'], ...CRED }], [HOST, RELAY], [], true);

    expect(result.verdicts).toEqual([
      { url: 'turn:127.0.0.1:34781', outcome: 'relay', words: 'turn:127.0.0.1:34781: relay allocated at 127.0.0.1:62672.' },
    ]);
    expect(result.summary).toBe('A relay was allocated: peers with no direct path can connect through it.');
  });

  it('reports refused credentials on a 401 from the relay', () => {
    const errors = [{ url: 'turn:127.0.0.1:34781?transport=udp', code: 401, text: 'Unauthorized.' }];

    const result = judgeCheck([{ urls: ['turn:127.0.0.1:34781'], ...CRED }], [HOST, SRFLX], errors, true);

    expect(result.verdicts[0]).toMatchObject({ outcome: 'refused', words: 'turn:127.0.0.1:34781: the relay refused the credentials (401).' });
    expect(result.summary).toBe('No relay could be allocated: peers with no direct path cannot connect.');
  });

  it('reports a STUN server reachable with the address it sees', () => {
    const result = judgeCheck([{ urls: ['stun:127.0.0.1:34781'] }], [HOST, SRFLX], [], true);

    expect(result.verdicts[0]).toMatchObject({ outcome: 'reachable', words: 'stun:127.0.0.1:34781: reachable; it sees this device as 127.0.0.1.' });
    expect(result.summary).toContain('no relay (TURN) configured');
  });

  it('reads an answered STUN server without srflx as no NAT in between', () => {
    const result = judgeCheck([{ urls: ['stun:192.0.2.9:3478'] }], [HOST], [], true);

    expect(result.verdicts[0]!.words).toContain("it sees this device's own address");
  });

  it('tells servers that did not answer in time from those reported unreachable', () => {
    const servers = [{ urls: ['stun:stun.invalid:3478'] }, { urls: ['turn:127.0.0.1:34797'], ...CRED }];
    const errors = [{ url: 'stun:stun.invalid:3478', code: 701, text: 'STUN host lookup received error.' }];

    const result = judgeCheck(servers, [HOST], errors, false);

    expect(result.verdicts.map((v) => [v.outcome, v.words])).toEqual([
      ['unreachable', 'stun:stun.invalid:3478: could not be reached (STUN host lookup received error.).'],
      ['no-answer', 'turn:127.0.0.1:34797: no answer within 10 s; it may be down, or a firewall may block it.'],
    ]);
  });

  it('counts an error on the relay\'s own STUN binding for the relay', () => {
    const errors = [{ url: 'stun:127.0.0.1:34797', code: 701, text: 'STUN binding request timed out.' }];

    const result = judgeCheck([{ urls: ['turn:127.0.0.1:34797'], ...CRED }], [HOST], errors, true);

    expect(result.verdicts[0]!.outcome).toBe('unreachable');
  });

  it('keeps the verdicts of two relays apart', () => {
    const servers = [{ urls: ['turn:127.0.0.1:34781'], ...CRED }, { urls: ['turn:127.0.0.1:34782?transport=tcp'], ...CRED }];
    const errors = [{ url: 'turn:127.0.0.1:34782?transport=tcp', code: 401, text: 'Unauthorized.' }];

    const result = judgeCheck(servers, [HOST, RELAY], errors, true);

    expect(result.verdicts.map((v) => v.outcome)).toEqual(['relay', 'refused']);
  });

  it('attributes a candidate without a server URL to the only server of its kind', () => {
    const result = judgeCheck([{ urls: ['turn:127.0.0.1:34781'], ...CRED }], [{ ...RELAY, url: null }], [], true);

    expect(result.verdicts[0]!.outcome).toBe('relay');
  });
});

describe('usableServers', () => {
  it('leaves out a TURN server without credentials (the browser would refuse the whole list) and says so', () => {
    const { usable, unusable } = usableServers([{ urls: ['turn:127.0.0.1:34781'] }, { urls: ['stun:127.0.0.1:34781', 'http://x'] }]);

    expect(usable).toEqual([{ urls: ['stun:127.0.0.1:34781'] }]);
    expect(unusable.map((v) => v.words)).toEqual([
      'turn:127.0.0.1:34781: not usable, the hub gives no credentials for it.',
      'http://x: not a STUN or TURN address.',
    ]);
  });
});

describe('gatheredFromStats', () => {
  it('reads the local candidates of a report with the server each came from', () => {
    const report = new Map<string, unknown>([
      ['IAT7yHUdf', { type: 'local-candidate', address: '127.0.0.1', candidateType: 'srflx', port: 40590, url: 'stun:127.0.0.1:34781' }],
      ['INv0xpii0', { type: 'local-candidate', address: '192.0.2.2', candidateType: 'host', port: 40590 }],
      ['T01', { type: 'transport' }],
    ]);

    expect(gatheredFromStats(report)).toEqual([SRFLX, HOST]);
  });
});
