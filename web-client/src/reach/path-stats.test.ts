import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostPort, pathWords, ratePerSecond, readPath, rttWords, type StatsMap } from './path-stats';

/** Reports as Chromium 156 gave them on this machine (transport, pairs and candidates only). */
function fixture(name: string): Map<string, Record<string, unknown>> {
  const json = JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
  return new Map(Object.entries(json));
}

/** Firefox's shape: no transport stats, the selected pair flagged `selected`. */
function withoutTransport(report: Map<string, Record<string, unknown>>, selectedId: string): StatsMap {
  const copy = new Map<string, Record<string, unknown>>();
  for (const [id, stat] of report) {
    if (stat.type === 'transport') continue;
    copy.set(id, stat.type === 'candidate-pair' ? { ...stat, selected: id === selectedId } : stat);
  }
  return copy;
}

describe('readPath', () => {
  it('reads a direct connection from the pair the transport selected', () => {
    const path = readPath(fixture('chromium-direct'));

    expect(path).toMatchObject({
      route: 'direct',
      localType: 'host',
      remoteType: 'host',
      protocol: 'udp',
      relayAddress: null,
      relayProtocol: null,
      rttMs: 1,
    });
  });

  it('counts the bytes of the whole transport, not of the selected pair alone', () => {
    // In this report the selected pair had just changed (IPv4 to IPv6): its own counters were still 0.
    const report = fixture('chromium-direct-switched');
    const selected = report.get('CPhop1yDIb_Pd8ewUyS')!;

    expect(selected.bytesSent).toBe(0);
    expect(readPath(report)!.bytes).toBe(12563 + 2525);
  });

  it('reads a relayed connection with the relay address it was allocated and how it reaches the relay', () => {
    const path = readPath(fixture('chromium-relayed'));

    expect(path).toMatchObject({
      route: 'relayed',
      localType: 'relay',
      remoteType: 'relay',
      protocol: 'udp',
      relayAddress: '127.0.0.1:62672',
      relayProtocol: 'udp',
    });
  });

  it('names the other side\'s relay when only the other side is relayed', () => {
    const report = fixture('chromium-relayed');
    const local = report.get('IO0XOE4rN')!;
    report.set('IO0XOE4rN', { ...local, candidateType: 'srflx', relayProtocol: undefined, url: undefined });

    expect(readPath(report)).toMatchObject({ route: 'relayed', localType: 'srflx', remoteType: 'relay', relayAddress: '127.0.0.1:49958' });
  });

  it('finds the pair flagged selected when there is no transport (Firefox)', () => {
    const report = withoutTransport(fixture('chromium-direct-switched'), 'CPbCRF4/R2_WS7C4/Yv');

    const path = readPath(report);

    expect(path).toMatchObject({ route: 'direct', localType: 'host', remoteType: 'host' });
    expect(path!.bytes).toBe(12563 + 2525);
  });

  it('is null while no pair is selected', () => {
    const report = fixture('chromium-direct');
    for (const [id, stat] of report) {
      if (stat.type === 'transport') report.set(id, { ...stat, selectedCandidatePairId: undefined });
      if (stat.type === 'candidate-pair') report.set(id, { ...stat, nominated: false, state: 'in-progress' });
    }

    expect(readPath(report)).toBeNull();
    expect(readPath(new Map())).toBeNull();
  });

  it('does not pass an address it would not show as plain text, nor a negative round trip', () => {
    const report = fixture('chromium-relayed');
    const remote = report.get('IihBewnhN')!;
    const local = report.get('IO0XOE4rN')!;
    report.set('IO0XOE4rN', { ...local, candidateType: 'host' });
    report.set('IihBewnhN', { ...remote, address: '<img src=x onerror=alert(1)>' });
    const pair = report.get('CPO0XOE4rN_ihBewnhN')!;
    report.set('CPO0XOE4rN_ihBewnhN', { ...pair, currentRoundTripTime: -1 });

    const path = readPath(report)!;

    expect(path.route).toBe('relayed');
    expect(path.relayAddress).toBeNull();
    expect(path.rttMs).toBeNull();
  });

  it('tells an unknown candidate type as unknown', () => {
    const report = fixture('chromium-direct');
    const local = report.get('ItFgnbUj0')!;
    report.set('ItFgnbUj0', { ...local, candidateType: 'wormhole' });

    expect(readPath(report)!.localType).toBe('unknown');
  });
});

describe('ratePerSecond', () => {
  const reading = { route: 'direct', localType: 'host', remoteType: 'host', protocol: 'udp', relayAddress: null, relayProtocol: null, rttMs: 1 } as const;

  it('is the bytes moved in both directions over the time between two readings', () => {
    expect(ratePerSecond({ ...reading, bytes: 1_000, at: 10_000 }, { ...reading, bytes: 4_001_000, at: 12_000 })).toBe(2_000_000);
  });

  it('is null when the readings cannot be compared', () => {
    expect(ratePerSecond({ ...reading, bytes: 1_000, at: 10_000 }, { ...reading, bytes: 2_000, at: 10_000 })).toBeNull();
    expect(ratePerSecond({ ...reading, bytes: 5_000, at: 10_000 }, { ...reading, bytes: 2_000, at: 12_000 })).toBeNull();
  });
});

describe('pathWords', () => {
  it('says direct or relayed via the relay, the round trip, and the rate while a transfer runs', () => {
    expect(pathWords(readPath(fixture('chromium-direct'))!)).toBe('direct · 1 ms round trip');
    expect(pathWords(readPath(fixture('chromium-relayed'))!, 3_250_000)).toBe('relayed via 127.0.0.1:62672 · 1 ms round trip · 3.3 MB/s');
  });

  it('writes a round trip under half a millisecond as <1 ms', () => {
    expect(rttWords(0)).toBe('<1 ms');
    expect(rttWords(23.6)).toBe('24 ms');
  });

  it('brackets IPv6 addresses before the port', () => {
    expect(hostPort('fd00::2', 3478)).toBe('[fd00::2]:3478');
    expect(hostPort('192.0.2.7', null)).toBe('192.0.2.7');
  });
});
