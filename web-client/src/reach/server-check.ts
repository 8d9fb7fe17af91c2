/**
 * The connection check's verdicts: for each STUN/TURN URL the hub hands out (welcome's
 * `iceServers`), whether it answered, whether a relay was allocated and where, or what went
 * wrong, in words. Pure: the gathering itself (a throwaway RTCPeerConnection) is in
 * ui/connection-check.ts; this judges what it collected.
 *
 * What Chromium 156 reports (measured here): each gathered candidate's server is the `url` of
 * its local-candidate stats (the event's own `url` is gone); a TURN refusal is an
 * `icecandidateerror` with the TURN URL and 401 within milliseconds; an unreachable server is
 * 701 only after ~40 s, so the check gives up sooner and says there was no answer. A STUN
 * server that sees the device's own address (no NAT in between) yields no srflx candidate (it
 * would duplicate the host one): an answered check without srflx and without error means that.
 */
import { t } from '../i18n';
import type { IceServer } from '../protocol';
import { hostPort } from './path-stats';
import { isTurnUrl, relayErrorWords, serverAddress, type CandidateErrorFact } from './link-reach';

/** How long the check gathers before it judges what it has. */
export const CHECK_TIMEOUT_MS = 10_000;

export interface GatheredCandidate {
  type: string;
  address: string | null;
  port: number | null;
  /** The STUN/TURN URL it came from, when the browser says. */
  url: string | null;
}

export type Outcome = 'reachable' | 'relay' | 'refused' | 'unreachable' | 'no-answer' | 'not-usable';

export interface Verdict {
  url: string;
  outcome: Outcome;
  /** One sentence about this server: "turn:… : relay allocated at 192.0.2.7:49152." */
  words: string;
}

export interface CheckResult {
  /** The whole result in a sentence or two. */
  summary: string;
  verdicts: Verdict[];
}

/** The scheme, host:port and transport of a STUN/TURN URL: two URLs of one server compare equal. */
function serverKey(url: string): string | null {
  const address = serverAddress(url);
  if (!address) return null;
  const turn = isTurnUrl(url);
  const transport = /[?&]transport=(udp|tcp)/i.exec(url)?.[1]?.toLowerCase() ?? 'udp';
  const secure = /^(stuns|turns):/i.test(url.trim());
  return `${turn ? 'turn' : 'stun'}${secure ? 's' : ''} ${address} ${turn ? transport : ''}`;
}

/**
 * The servers a check can use, and verdicts for those it cannot: the browser refuses a whole
 * configuration that has a TURN URL without credentials, so such a server is left out of it.
 */
export function usableServers(servers: readonly IceServer[]): { usable: IceServer[]; unusable: Verdict[] } {
  const usable: IceServer[] = [];
  const unusable: Verdict[] = [];
  for (const server of servers) {
    const turn = server.urls.some(isTurnUrl);
    if (turn && (!server.username || !server.credential)) {
      for (const url of server.urls) {
        unusable.push({ url, outcome: 'not-usable', words: `${url}: not usable, the hub gives no credentials for it.` });
      }
      continue;
    }
    const known = server.urls.filter((url) => serverKey(url) !== null);
    for (const url of server.urls.filter((u) => serverKey(u) === null)) {
      unusable.push({ url, outcome: 'not-usable', words: `${url}: not a STUN or TURN address.` });
    }
    if (known.length > 0) usable.push({ ...server, urls: known });
  }
  return { usable, unusable };
}

function judge(url: string, candidates: GatheredCandidate[], errors: CandidateErrorFact[], finished: boolean, soleOfKind: boolean): Verdict {
  const key = serverKey(url)!;
  const turn = isTurnUrl(url);
  const address = serverAddress(url);
  // Chromium reports the binding it sends a TURN server as that server's stun: URL.
  const fromHere = (other: string | null) =>
    other !== null && (serverKey(other) === key || (turn && serverAddress(other) === address && !isTurnUrl(other)));
  const mine = candidates.filter((c) => (c.url === null ? soleOfKind : fromHere(c.url) && (turn ? c.type === 'relay' : true)));
  if (turn) {
    const relay = mine.find((c) => c.type === 'relay');
    if (relay) {
      const at = hostPort(relay.address, relay.port);
      return { url, outcome: 'relay', words: at ? t('check.relayAllocatedAt', { url, at }) : t('check.relayAllocated', { url }) };
    }
  } else {
    const srflx = mine.find((c) => c.type === 'srflx');
    if (srflx) {
      const at = hostPort(srflx.address, null);
      return { url, outcome: 'reachable', words: t('check.reachableAs', { url, at: at ?? t('check.anotherAddress') }) };
    }
  }
  const own = errors.filter((e) => fromHere(e.url));
  const refusal = own.find((e) => e.code !== 701);
  if (refusal) {
    const words = turn ? relayErrorWords(refusal.code, refusal.text) : t('check.serverRefused', { code: refusal.code, text: refusal.text });
    return { url, outcome: 'refused', words: t('check.refused', { url, words, code: refusal.code }) };
  }
  if (own.length > 0) {
    return { url, outcome: 'unreachable', words: t('check.unreachable', { url, text: own[0]!.text || '701' }) };
  }
  if (!finished) {
    return {
      url,
      outcome: 'no-answer',
      words: t('check.noAnswer', { url, seconds: CHECK_TIMEOUT_MS / 1000 }),
    };
  }
  return turn
    ? { url, outcome: 'no-answer', words: t('check.noRelayAllocated', { url }) }
    : { url, outcome: 'reachable', words: t('check.ownAddress', { url }) };
}

/**
 * Judges a gathering: `finished` when the browser said gathering was complete, false when the
 * check gave up at {@link CHECK_TIMEOUT_MS}.
 */
export function judgeCheck(
  servers: readonly IceServer[],
  candidates: GatheredCandidate[],
  errors: CandidateErrorFact[],
  finished: boolean,
): CheckResult {
  const { usable, unusable } = usableServers(servers);
  const urls = usable.flatMap((s) => s.urls);
  if (urls.length === 0 && unusable.length === 0) {
    return {
      summary: t('check.noServers'),
      verdicts: [],
    };
  }
  const turnCount = urls.filter(isTurnUrl).length;
  const stunCount = urls.length - turnCount;
  const verdicts = urls.map((url) =>
    judge(url, candidates, errors, finished, isTurnUrl(url) ? turnCount === 1 : stunCount === 1),
  );
  verdicts.push(...unusable);
  const relays = verdicts.filter((v) => v.outcome === 'relay').length;
  const configuredRelays = verdicts.filter((v) => isTurnUrl(v.url)).length;
  let summary: string;
  if (configuredRelays === 0) {
    summary = t('check.noTurn');
  } else if (relays > 0) {
    summary = t('check.relayOk');
  } else {
    summary = t('check.relayNone');
  }
  return { summary, verdicts };
}

/** The candidates a check gathered, read from its local-candidate stats (which name their server). */
export function gatheredFromStats(report: { forEach(cb: (value: unknown) => void): void }): GatheredCandidate[] {
  const out: GatheredCandidate[] = [];
  report.forEach((value) => {
    if (typeof value !== 'object' || value === null) return;
    const stat = value as Record<string, unknown>;
    if (stat.type !== 'local-candidate' || typeof stat.candidateType !== 'string') return;
    out.push({
      type: stat.candidateType,
      address: typeof stat.address === 'string' ? stat.address : typeof stat.ip === 'string' ? stat.ip : null,
      port: typeof stat.port === 'number' ? stat.port : null,
      url: typeof stat.url === 'string' ? stat.url : null,
    });
  });
  return out;
}
