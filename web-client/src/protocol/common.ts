/**
 * What every part of the protocol mirror shares: the parse result type and small JSON helpers.
 */

/** Signaling protocol version (join.v). Version 2 made rooms keyed: a join carries its admission proof. */
export const PROTOCOL_VERSION = 2;
/** Peer-to-peer protocol version (hello.v), which moves on its own. */
export const PEER_PROTOCOL_VERSION = 1;

/** JSON numbers are exact only up to 2^53 − 1 in a browser: no integer on the wire is larger. */
export const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

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
/**
 * An integer field: any whole number within ±(2^53 − 1). JSON.parse cannot tell 1 from 1.0, so
 * neither side does (the Java side: protocol/.../JsonNumbers).
 */
export function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}
/** An optional string field: absent, JSON null (as good as absent), or a string. */
export function optionalString(obj: Json, key: string): boolean {
  return obj[key] === undefined || obj[key] === null || typeof obj[key] === 'string';
}
/** The field's value when it is a string, else undefined: for optional fields whose odd values are ignored. */
export function stringOrUndefined(obj: Json, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Parses one message: a JSON object with a string `type`. Duplicate keys are refused, as the
 * Java side refuses them: two readers that keep different copies of a key would read one
 * message two ways.
 */
export function parseJsonObject(raw: string): Parsed<Json> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isObject(value)) return { ok: false, reason: 'not a JSON object' };
  if (hasDuplicateKeys(raw)) return { ok: false, reason: 'duplicate key' };
  if (typeof value.type !== 'string') return { ok: false, reason: 'missing type' };
  return { ok: true, value };
}

/**
 * Whether a text that JSON.parse accepted holds an object with the same key twice (compared as
 * decoded, so "a" and "\u0061" are the same key). One pass; only keys are decoded.
 */
export function hasDuplicateKeys(text: string): boolean {
  /** One entry per open object (its keys so far) or array (null). */
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i + 1;
      let escaped = false;
      while (text.charCodeAt(end) !== 0x22) {
        if (text.charCodeAt(end) === 0x5c /* \ */) {
          escaped = true;
          end++;
        }
        end++;
      }
      const keys = open[open.length - 1];
      if (keys && expectKey) {
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) {
      open.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      open.push(null);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = open[open.length - 1] != null;
    }
  }
  return false;
}

export function fail<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

// ---- Visible text (display names, document titles) ----------------------------------------------

/**
 * White space trimmed from names and titles: tab, line feed, vertical tab, form feed, carriage
 * return, every space separator (Zs) and the line and paragraph separators. Exactly this set on
 * both sides (Java: DisplayName.normalize); String.prototype.trim would also take U+FEFF, which
 * is refused instead as the invisible character it is.
 */
const EDGE_SPACES = /^[\t\n\v\f\r\p{Zs}\u2028\u2029]+|[\t\n\v\f\r\p{Zs}\u2028\u2029]+$/gu;
export function trimSpaces(text: string): string {
  return text.replace(EDGE_SPACES, '');
}

/**
 * Control characters (Cc), format characters (Cf, e.g. bidi overrides), line/paragraph
 * separators, lone surrogates (Cs) — except the format characters emoji are built from: the
 * zero-width joiner and non-joiner (👨‍👩‍👧) and the tag characters of subdivision flags.
 */
const INVISIBLE = /(?![\u200C\u200D\u{E0020}-\u{E007F}])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
/** Whether `text` is free of invisible characters (names and titles follow this one rule). */
export function isVisibleText(text: string): boolean {
  return !INVISIBLE.test(text);
}
