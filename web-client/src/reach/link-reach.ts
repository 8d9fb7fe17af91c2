/**
 * What one peer connection learned about reaching the other side (the candidates gathered here,
 * those the other side sent, the errors the STUN/TURN servers gave), and, when it does not
 * connect in time, why in plain words. Pure: the PeerLink feeds it, the room page reads it.
 */
import { t } from '../i18n';
import type { IceServer } from '../protocol';
import type { CandidateType } from './path-stats';
import type { LinkState } from '../peer-link';

/**
 * How long a connection may stay "connecting" before the page says it could not connect.
 * Two peers on one network connect in well under a second, through a relay in one to three;
 * Chromium only reports an unreachable STUN/TURN server after ~40 s (its retransmissions), far
 * too long to leave someone looking at "connecting". The link keeps trying after this: should
 * it connect later, the avatar says so.
 */
export const CONNECT_DEADLINE_MS = 15_000;

/** Errors kept per link: a browser reports one per server and local address, a handful. */
const MAX_ERRORS = 32;

export interface CandidateErrorFact {
  url: string;
  code: number;
  text: string;
}

export interface ReachFacts {
  readonly servers: readonly IceServer[];
  readonly localTypes: ReadonlySet<CandidateType>;
  readonly remoteTypes: ReadonlySet<CandidateType>;
  readonly errors: readonly CandidateErrorFact[];
  /** ICE said `failed` since the connection last worked (or since it began). */
  readonly iceFailed: boolean;
  /** Since when it has not been connected (ms, Date.now()'s clock); null while connected. */
  readonly downSince: number | null;
}

/** The type of an SDP candidate line ("candidate:… typ relay raddr …"), or null. */
export function candidateType(line: string | undefined | null): CandidateType | null {
  const match = /\styp\s+(host|srflx|prflx|relay)(\s|$)/.exec(line ?? '');
  return match ? (match[1] as CandidateType) : null;
}

export class ReachLog implements ReachFacts {
  readonly localTypes = new Set<CandidateType>();
  readonly remoteTypes = new Set<CandidateType>();
  readonly errors: CandidateErrorFact[] = [];
  iceFailed = false;
  downSince: number | null;

  /** Replaced when renewed credentials arrive (the reasons only read which servers are TURN). */
  constructor(public servers: readonly IceServer[], now: number) {
    this.downSince = now;
  }

  local(line: string | undefined | null): void {
    const type = candidateType(line);
    if (type) this.localTypes.add(type);
  }

  remote(line: string | undefined | null): void {
    const type = candidateType(line);
    if (type) this.remoteTypes.add(type);
  }

  error(url: unknown, code: unknown, text: unknown): void {
    if (this.errors.length >= MAX_ERRORS || typeof code !== 'number') return;
    this.errors.push({ url: typeof url === 'string' ? url : '', code, text: typeof text === 'string' ? text.slice(0, 200) : '' });
  }

  failed(): void {
    this.iceFailed = true;
  }

  state(state: LinkState, now: number): void {
    if (state === 'connected') {
      this.downSince = null;
      this.iceFailed = false;
    } else if (this.downSince === null) {
      this.downSince = now;
    }
  }
}

/** host:port of a stun:/turn: URL ("turn:relay.example.org:3478?transport=tcp" → "relay.example.org:3478"). */
export function serverAddress(url: string): string | null {
  const match = /^(stuns?|turns?):(\[[^\]]+\]|[^:?\s]+)(?::(\d+))?/i.exec(url.trim());
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  const port = match[3] ?? (scheme.endsWith('s') ? '5349' : '3478');
  return `${match[2]!.toLowerCase()}:${port}`;
}

export function isTurnUrl(url: string): boolean {
  return /^turns?:/i.test(url.trim());
}

/** The host:port of every TURN server configured. */
function relays(servers: readonly IceServer[]): Set<string> {
  const out = new Set<string>();
  for (const server of servers) {
    for (const url of server.urls) {
      const address = isTurnUrl(url) ? serverAddress(url) : null;
      if (address) out.add(address);
    }
  }
  return out;
}

/**
 * Errors that came from a relay. Chromium reports the binding it also sends a TURN server as
 * "stun:host:port" of that server, so an error counts when its host:port is a relay's.
 */
function relayErrors(facts: ReachFacts): CandidateErrorFact[] {
  const relayAddresses = relays(facts.servers);
  return facts.errors.filter((e) => isTurnUrl(e.url) || relayAddresses.has(serverAddress(e.url) ?? ''));
}

/** A relay's answer to an allocation (STUN/TURN error codes, RFC 8489 and 8656) in words. */
export function relayErrorWords(code: number, text = ''): string {
  switch (code) {
    case 401:
      return t('reach.relayCredentials');
    case 403:
      return t('reach.relayForbidden');
    case 437:
    case 508:
      return t('reach.relayFull');
    case 486:
      return t('reach.relayQuota');
    case 701:
      return t('reach.relayUnreachable');
    default:
      return text ? t('reach.relayRefusedText', { code, text }) : t('reach.relayRefused', { code });
  }
}

/**
 * Why a connection that was given time did not connect, as far as this side can tell. Each side
 * reads its own facts; both see a reason (the other side's candidates tell us whether it got a
 * relay address).
 */
export function explain(facts: ReachFacts): string {
  const hasRelay = relays(facts.servers).size > 0;
  const gotRelay = facts.localTypes.has('relay');
  if (hasRelay && !gotRelay) {
    const errors = relayErrors(facts);
    // A refusal says more than a timeout on another of our addresses.
    const refusal = errors.find((e) => e.code !== 701) ?? errors[0];
    return refusal ? relayErrorWords(refusal.code, refusal.text) : t('reach.relayUnreachable');
  }
  if (!hasRelay) return t('reach.noRelay');
  if (facts.remoteTypes.size === 0) return t('reach.noRemote');
  if (!facts.remoteTypes.has('relay')) return t('reach.remoteNoRelay');
  return t('reach.nothingWorked');
}

/**
 * The reason to show instead of "connecting", or null while there is none: connected, or still
 * within {@link CONNECT_DEADLINE_MS} and ICE has not failed.
 */
export function unreachable(facts: ReachFacts, now: number): string | null {
  if (facts.downSince === null) return null;
  if (!facts.iceFailed && now - facts.downSince < CONNECT_DEADLINE_MS) return null;
  return explain(facts);
}
