/**
 * What every part of the protocol mirror shares: the parse result type and small JSON helpers.
 */

export const PROTOCOL_VERSION = 1;

/** Result of validating something from outside: the value, or why it was refused (for logs). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

// ---- Small helpers ---------------------------------------------------------------------------

/** Counts Unicode code points, not UTF-16 units: the protocol's limits are in code points. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

const encoder = new TextEncoder();
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
export function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
export function optionalString(obj: Json, key: string): boolean {
  return obj[key] === undefined || typeof obj[key] === 'string';
}

export function parseJsonObject(raw: string): Parsed<Json> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isObject(value)) return { ok: false, reason: 'not a JSON object' };
  if (typeof value.type !== 'string') return { ok: false, reason: 'missing type' };
  return { ok: true, value };
}

export function fail<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}
