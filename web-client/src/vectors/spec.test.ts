import { describe, expect, it } from 'vitest';
import * as protocol from '../protocol';
import {
  CANCEL_REASONS,
  CLIENT_KINDS,
  CLIENT_MESSAGE_TYPES,
  CONTROL_MESSAGE_TYPES,
  ERROR_CODES,
  FILE_CHANNEL_TYPES,
  REFUSAL_REASONS,
  SERVER_MESSAGE_TYPES,
} from '../protocol';
import { loadVectors } from './load';
import { backticked, codes, readSpec, table } from './spec';

/**
 * docs/protocol.md's tables and the browser's implementation hold the same message types, error
 * codes, reasons, kinds and limits: one missing on either side fails here. The Java suite has
 * the same test (protocol: SpecCompletenessTest).
 */
const spec = readSpec();
const vectors = loadVectors();
const sorted = (list: Iterable<string>) => [...new Set(list)].sort();

/** Numeric exports that are no limits: the version (in the message tables), close codes, a frame kind. */
const NOT_LIMITS = new Set(['PROTOCOL_VERSION', 'PEER_PROTOCOL_VERSION', 'CLOSE_HEARTBEAT_TIMEOUT', 'CLOSE_REPLACED', 'FRAME_KIND_SYNC']);

function reasons(message: string): string[] {
  return table(spec, 'Reasons', 'reason').rows.filter((r) => r[1] === `\`${message}\``).map((r) => backticked(r[0]!)[0]!);
}

function acceptedTypes(kind: string): Set<string> {
  return new Set(
    vectors.filter((v) => v.kind === kind && 'value' in v.body).map((v) => (v.body.value as { type: string }).type),
  );
}

describe('the spec’s tables and the TypeScript implementation agree', () => {
  it('client → server types', () => {
    expect(sorted(CLIENT_MESSAGE_TYPES)).toEqual(sorted(codes(table(spec, 'Client → server', 'type'))));
  });

  it('server → client types', () => {
    expect(sorted(SERVER_MESSAGE_TYPES)).toEqual(sorted(codes(table(spec, 'Server → client', 'type'))));
  });

  it('error codes', () => {
    expect(sorted(ERROR_CODES)).toEqual(sorted(codes(table(spec, 'Error codes', 'code'))));
  });

  it('control channel types', () => {
    const inSpec = [
      ...codes(table(spec, 'Control channel', 'type')),
      ...codes(table(spec, 'Control channel messages (JSON, on `peerhub`)', 'type')),
      ...codes(table(spec, 'Shared-folder messages (JSON, on `peerhub`)', 'type')),
    ];
    expect(sorted(CONTROL_MESSAGE_TYPES)).toEqual(sorted(inSpec));
  });

  it('transfer channel types', () => {
    expect(sorted(FILE_CHANNEL_TYPES)).toEqual(sorted(codes(table(spec, 'Transfer data channel', 'type'))));
  });

  it('refusal and cancel reasons', () => {
    expect(sorted(REFUSAL_REASONS)).toEqual(sorted(reasons('transfer-answer')));
    expect(sorted(CANCEL_REASONS)).toEqual(sorted(reasons('transfer-cancel')));
  });

  it('client kinds', () => {
    const row = table(spec, 'Identifiers', 'what').rows.find((r) => r[0] === 'client kind')!;
    expect(sorted(CLIENT_KINDS)).toEqual(sorted(backticked(row[1]!)));
  });

  it('the limits table is the limits vector file', () => {
    const inSpec = Object.fromEntries(
      table(spec, '3. Limits', 'name').rows.map((r) => [backticked(r[0]!)[0]!, Number(r[1]!.replaceAll(',', ''))]),
    );
    const inVectors = Object.fromEntries(
      vectors.filter((v) => v.kind === 'limits').map((v) => [v.body.name, v.body.value as number]),
    );
    expect(inVectors).toEqual(inSpec);
  });

  it('every numeric constant of the protocol module is in the limits table', () => {
    const inSpec = new Set(codes(table(spec, '3. Limits', 'name')));
    const constants = Object.entries(protocol)
      .filter(([name, value]) => typeof value === 'number' && !NOT_LIMITS.has(name))
      .map(([name]) => name);
    expect(constants.filter((name) => !inSpec.has(name))).toEqual([]);
  });

  it('every message type has an accepted vector', () => {
    const covered = (kind: string, types: readonly string[]) => types.filter((t) => !acceptedTypes(kind).has(t));
    expect(covered('signaling-client', CLIENT_MESSAGE_TYPES)).toEqual([]);
    expect(covered('signaling-server', SERVER_MESSAGE_TYPES)).toEqual([]);
    expect(covered('control', CONTROL_MESSAGE_TYPES)).toEqual([]);
    expect(covered('transfer-channel', FILE_CHANNEL_TYPES)).toEqual([]);
    expect(covered('cursor', ['cursor'])).toEqual([]);
  });
});
