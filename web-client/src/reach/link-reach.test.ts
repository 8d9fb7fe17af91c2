import { describe, expect, it } from 'vitest';
import { candidateType, CONNECT_DEADLINE_MS, explain, ReachLog, relayErrorWords, serverAddress, unreachable } from './link-reach';

// Candidate lines as Chromium 156 gathered them on this machine.
const HOST = 'candidate:3164022611 1 udp 2113937151 192.0.2.2 40590 typ host generation 0 ufrag nrvF network-cost 999';
const SRFLX = 'candidate:2798886624 1 udp 1677729535 127.0.0.1 40590 typ srflx raddr 192.0.2.2 rport 40590 generation 0 ufrag nrvF network-cost 999';
const RELAY = 'candidate:1090299393 1 udp 50340095 127.0.0.1 62672 typ relay raddr 0.0.0.0 rport 0 generation 0 ufrag CJVb network-cost 999';

const TURN = [{ urls: ['turn:127.0.0.1:34781'], username: '1796235044:probe', credential: 'x' }];
const STUN_ONLY = [{ urls: ['stun:stun.example.org:3478'] }];

function log(servers: ConstructorParameters<typeof ReachLog>[0], at = 0): ReachLog {
  return new ReachLog(servers, at);
}

describe('candidateType', () => {
  it('reads the type of a candidate line', () => {
    expect(candidateType(HOST)).toBe('host');
    expect(candidateType(SRFLX)).toBe('srflx');
    expect(candidateType(RELAY)).toBe('relay');
    expect(candidateType('candidate:1 1 udp 1 10.0.0.1 9 typ wormhole')).toBeNull();
    expect(candidateType('')).toBeNull();
    expect(candidateType(null)).toBeNull();
  });
});

describe('serverAddress', () => {
  it('is the host and port of a STUN or TURN URL, with the default port when none is given', () => {
    expect(serverAddress('turn:127.0.0.1:34781?transport=udp')).toBe('127.0.0.1:34781');
    expect(serverAddress('stun:127.0.0.1:34781')).toBe('127.0.0.1:34781');
    expect(serverAddress('turn:Relay.Example.org')).toBe('relay.example.org:3478');
    expect(serverAddress('turns:relay.example.org')).toBe('relay.example.org:5349');
    expect(serverAddress('turn:[2001:db8::1]:3478')).toBe('[2001:db8::1]:3478');
    expect(serverAddress('https://example.org')).toBeNull();
  });
});

describe('explain', () => {
  it('says the hub has no relay when none is configured', () => {
    const facts = log(STUN_ONLY);
    facts.local(HOST);
    facts.remote(HOST);

    expect(explain(facts)).toBe('no direct path, and this hub has no relay configured');
    expect(explain(log([]))).toBe('no direct path, and this hub has no relay configured');
  });

  it('says the relay refused the credentials on a 401 from the TURN URL', () => {
    const facts = log(TURN);
    facts.local(HOST);
    facts.error('turn:127.0.0.1:34781?transport=udp', 401, 'Unauthorized.');

    expect(explain(facts)).toBe('the relay refused the credentials');
  });

  it('prefers a refusal to a timeout on another local address', () => {
    const facts = log(TURN);
    facts.error('turn:127.0.0.1:34781?transport=udp', 701, 'TURN allocate request timed out.');
    facts.error('turn:127.0.0.1:34781?transport=udp', 401, 'Unauthorized.');

    expect(explain(facts)).toBe('the relay refused the credentials');
  });

  it('says the relay could not be reached on a 701, also one reported as the relay\'s STUN binding', () => {
    const facts = log(TURN);
    facts.error('stun:127.0.0.1:34781', 701, 'STUN binding request timed out.');

    expect(explain(facts)).toBe('the relay could not be reached');
  });

  it('says the relay could not be reached when it gave no relay address and no error yet', () => {
    expect(explain(log(TURN))).toBe('the relay could not be reached');
  });

  it('ignores errors of other servers when it comes to the relay', () => {
    const facts = log([...TURN, ...STUN_ONLY]);
    facts.local(RELAY);
    facts.error('stun:stun.example.org:3478', 701, 'STUN host lookup received error.');
    facts.remote(HOST);

    expect(explain(facts)).toBe('no direct path, and the other side could not use the relay');
  });

  it('says when nothing came from the other side, and when even both relays did not get through', () => {
    const facts = log(TURN);
    facts.local(RELAY);
    expect(explain(facts)).toBe('no network addresses came from the other side');

    facts.remote(RELAY);
    expect(explain(facts)).toBe('no path worked, not even through the relay');
  });

  it('puts other refusals in words, with the code of one it does not know', () => {
    expect(relayErrorWords(403)).toBe('the relay refused to relay for this device');
    expect(relayErrorWords(486)).toContain('as many relayed connections');
    expect(relayErrorWords(420, 'Unknown Attribute')).toBe('the relay refused (420 Unknown Attribute)');
  });
});

describe('unreachable', () => {
  it('gives no reason before the deadline, then the reason', () => {
    const facts = log(STUN_ONLY, 1_000);

    expect(unreachable(facts, 1_000 + CONNECT_DEADLINE_MS - 1)).toBeNull();
    expect(unreachable(facts, 1_000 + CONNECT_DEADLINE_MS)).toBe('no direct path, and this hub has no relay configured');
  });

  it('gives the reason at once when ICE failed', () => {
    const facts = log(STUN_ONLY, 1_000);
    facts.failed();

    expect(unreachable(facts, 1_001)).not.toBeNull();
  });

  it('gives none while connected, and counts again from when the connection was lost', () => {
    const facts = log(STUN_ONLY, 0);
    facts.failed();
    facts.state('connected', 5_000);

    expect(unreachable(facts, 60_000)).toBeNull();

    facts.state('disconnected', 60_000);
    expect(unreachable(facts, 60_000 + CONNECT_DEADLINE_MS - 1)).toBeNull();
    expect(unreachable(facts, 60_000 + CONNECT_DEADLINE_MS)).not.toBeNull();
  });

  it('keeps a bounded number of errors, whatever a browser reports', () => {
    const facts = log(TURN);
    for (let i = 0; i < 1_000; i++) facts.error('turn:127.0.0.1:34781', 701, 'x'.repeat(10_000));

    expect(facts.errors.length).toBeLessThanOrEqual(32);
    expect(facts.errors[0]!.text.length).toBeLessThanOrEqual(200);
  });
});
