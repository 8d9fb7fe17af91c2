/**
 * How a connection runs, read from its `getStats()` report: direct or relayed, the candidate
 * types on both ends, the protocol, the relay's address, the round trip, and a byte count for
 * the rate. Pure: it reads a map of stats by id (an RTCStatsReport, or a Map in tests) and knows
 * no browser API.
 *
 * The selected pair is the transport's `selectedCandidatePairId` (Chromium, Safari); without a
 * transport (Firefox) it is the pair flagged `selected`, else a nominated, succeeded one.
 */
import { fixed, t } from '../i18n';

/** The subset of RTCStatsReport this reads (a Map of plain objects is one too). */
export interface StatsMap {
  get(id: string): unknown;
  forEach(callback: (value: unknown, key: string) => void): void;
}

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface PathReading {
  route: 'direct' | 'relayed';
  localType: CandidateType | 'unknown';
  remoteType: CandidateType | 'unknown';
  /** Transport between the two candidates: 'udp' or 'tcp'. */
  protocol: string;
  /** Our relay's allocated address (or the other side's relay, when only theirs is used), "host:port". */
  relayAddress: string | null;
  /** How we reach our relay ('udp', 'tcp', 'tls'), when we use one. */
  relayProtocol: string | null;
  rttMs: number | null;
  /** Bytes sent plus received on the connection so far (for the rate: two readings' difference). */
  bytes: number;
  /** When the stats were taken (ms, the report's own clock). */
  at: number;
}

const CANDIDATE_TYPES: readonly string[] = ['host', 'srflx', 'prflx', 'relay'];
/** Addresses come from the other peer's candidates: shown as text, and never longer than this. */
const MAX_ADDRESS_LENGTH = 64;

type Stat = Record<string, unknown>;

function isStat(value: unknown): value is Stat {
  return typeof value === 'object' && value !== null;
}

function text(stat: Stat | undefined, key: string): string | null {
  const value = stat?.[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function num(stat: Stat | undefined, key: string): number | null {
  const value = stat?.[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function candidateType(stat: Stat | undefined): CandidateType | 'unknown' {
  const type = text(stat, 'candidateType');
  return type !== null && CANDIDATE_TYPES.includes(type) ? (type as CandidateType) : 'unknown';
}

/** "192.0.2.7:3478", "[2001:db8::1]:3478"; null when the address is missing or not plausible. */
export function hostPort(address: string | null, port: number | null): string | null {
  if (address === null || address.length > MAX_ADDRESS_LENGTH || !/^[0-9A-Za-z.:%_-]+$/.test(address)) return null;
  const host = address.includes(':') ? `[${address}]` : address;
  return port === null ? host : `${host}:${port}`;
}

function selectedPair(report: StatsMap): Stat | undefined {
  const stats: Stat[] = [];
  report.forEach((value) => {
    if (isStat(value)) stats.push(value);
  });
  for (const transport of stats.filter((s) => s.type === 'transport')) {
    const id = text(transport, 'selectedCandidatePairId');
    const pair = id === null ? undefined : report.get(id);
    if (isStat(pair)) return pair;
  }
  const pairs = stats.filter((s) => s.type === 'candidate-pair');
  return (
    pairs.find((p) => p.selected === true) ??
    pairs.find((p) => p.nominated === true && p.state === 'succeeded')
  );
}

/** Bytes on the whole connection: the transport's count survives a switch of the selected pair. */
function connectionBytes(report: StatsMap, pair: Stat): number {
  let transportBytes: number | null = null;
  report.forEach((value) => {
    if (!isStat(value) || value.type !== 'transport') return;
    const sent = num(value, 'bytesSent');
    const received = num(value, 'bytesReceived');
    if (sent !== null || received !== null) transportBytes = (transportBytes ?? 0) + (sent ?? 0) + (received ?? 0);
  });
  return transportBytes ?? (num(pair, 'bytesSent') ?? 0) + (num(pair, 'bytesReceived') ?? 0);
}

/** The path of the selected candidate pair; null while there is none (not connected yet). */
export function readPath(report: StatsMap): PathReading | null {
  const pair = selectedPair(report);
  if (!pair) return null;
  const localId = text(pair, 'localCandidateId');
  const remoteId = text(pair, 'remoteCandidateId');
  const local = localId === null ? undefined : report.get(localId);
  const remote = remoteId === null ? undefined : report.get(remoteId);
  const localStat = isStat(local) ? local : undefined;
  const remoteStat = isStat(remote) ? remote : undefined;
  const localType = candidateType(localStat);
  const remoteType = candidateType(remoteStat);
  const relayed = localType === 'relay' || remoteType === 'relay';
  const relayEnd = localType === 'relay' ? localStat : remoteType === 'relay' ? remoteStat : undefined;
  const rtt = num(pair, 'currentRoundTripTime');
  return {
    route: relayed ? 'relayed' : 'direct',
    localType,
    remoteType,
    protocol: text(localStat, 'protocol') ?? text(remoteStat, 'protocol') ?? 'unknown',
    relayAddress: relayEnd ? hostPort(text(relayEnd, 'address') ?? text(relayEnd, 'ip'), num(relayEnd, 'port')) : null,
    relayProtocol: localType === 'relay' ? text(localStat, 'relayProtocol') : null,
    rttMs: rtt === null ? null : rtt * 1000,
    bytes: connectionBytes(report, pair),
    at: num(pair, 'timestamp') ?? 0,
  };
}

/** Bytes per second between two readings of one connection; null when they cannot be compared. */
export function ratePerSecond(before: PathReading, after: PathReading): number | null {
  const seconds = (after.at - before.at) / 1000;
  if (!(seconds > 0) || after.bytes < before.bytes) return null;
  return (after.bytes - before.bytes) / seconds;
}

/** "1 ms", "<1 ms", "24 ms". */
export function rttWords(ms: number): string {
  return ms < 0.5 ? t('path.rttUnder1') : t('path.rttMs', { ms: Math.round(ms) });
}

/** "3.2 MB/s": decimal units, as file managers show sizes. */
export function rateWords(bytesPerSecond: number): string {
  if (bytesPerSecond < 1000) return `${Math.round(bytesPerSecond)} B/s`;
  const units = ['kB/s', 'MB/s', 'GB/s'];
  let value = bytesPerSecond / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? fixed(value, 0) : fixed(value, 1)} ${units[unit]}`;
}

/**
 * The short words an avatar shows and describes itself with: "direct · 1 ms round trip",
 * "relayed via 192.0.2.7:49152 · 24 ms round trip · 3.2 MB/s". The rate only when given
 * (while a transfer runs).
 */
export function pathWords(path: PathReading, rate: number | null = null): string {
  const words = [path.route === 'relayed' && path.relayAddress
    ? t('path.relayedVia', { address: path.relayAddress })
    : t(path.route === 'relayed' ? 'path.relayed' : 'path.direct')];
  if (path.rttMs !== null) words.push(t('path.roundTrip', { rtt: rttWords(path.rttMs) }));
  if (rate !== null) words.push(rateWords(rate));
  return words.join(' · ');
}
