/**
 * The JSON limits of a signaling frame (docs/protocol.md §1 "Transport"), as the Java side applies
 * them while it parses (protocol/.../JsonLimits). A frame that breaks one is `bad-json` to the
 * server and dropped by a client, so the browser judges it the same way here, after JSON.parse
 * (which takes any depth and turns a huge exponent into Infinity) has accepted the text.
 */

/** Deepest nesting of objects and arrays, the frame itself counted as 1; a real frame nests 3 deep. */
export const MAX_JSON_DEPTH = 16;
/** Longest number, in characters as written (JSON.stringify writes at most 24). */
export const MAX_NUMBER_CHARS = 100;
/** Largest exponent a number may be written with, either sign (doubles need 324 at most). */
export const MAX_NUMBER_EXPONENT = 1000;

const isNumberChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || c === 0x2d /* - */ || c === 0x2b /* + */ || c === 0x2e /* . */ || c === 0x45 || c === 0x65;

/**
 * A number with a fraction or an exponent as the Java relay writes it again: its canonical
 * decimal form (Java's `BigDecimal.toString`: digits as written without leading zeros, a point
 * where the scale puts it, or one digit, the point and `E±n` when that exponent is below −6 or
 * the scale is negative). `15e1000` is relayed as `1.5E+1001`.
 */
export function canonicalDecimal(number: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(number);
  if (!m) return number;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  const coefficient = (whole! + fraction).replace(/^0+(?=.)/, '');
  const scale = fraction.length - Number(exponent);
  const adjusted = -scale + (coefficient.length - 1);
  // A BigDecimal has no negative zero.
  const signed = coefficient === '0' ? '' : sign;
  if (scale === 0) return signed + coefficient;
  if (scale > 0 && adjusted >= -6) {
    const point = coefficient.length - scale;
    return signed + (point > 0 ? `${coefficient.slice(0, point)}.${coefficient.slice(point)}` : `0.${'0'.repeat(-point)}${coefficient}`);
  }
  const rest = coefficient.length > 1 ? `.${coefficient.slice(1)}` : '';
  return `${signed}${coefficient[0]}${rest}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/**
 * Why `number` (valid JSON number text) is refused, or null: as written, and as the relay writes
 * it again (see {@link canonicalDecimal}), since a client judges the relayed form by the same rules.
 */
function numberRefusal(number: string): string | null {
  const written = writtenRefusal(number);
  if (written || !/[.eE]/.test(number)) return written;
  const canonical = canonicalDecimal(number);
  return canonical === number ? null : writtenRefusal(canonical);
}

function writtenRefusal(number: string): string | null {
  if (number.length > MAX_NUMBER_CHARS) return 'number too long';
  const e = Math.max(number.indexOf('e'), number.indexOf('E'));
  if (e < 0) return null;
  const exponent = number.slice(e + 1).replace(/^[+-]/, '').replace(/^0+(?=.)/, '');
  return exponent.length > 4 || Number(exponent) > MAX_NUMBER_EXPONENT ? 'number exponent too large' : null;
}

/**
 * Why a text that JSON.parse accepted breaks a limit, or null when it keeps them all; no string,
 * key or value, may be longer than `maxStringUnits` (signaling: MAX_MESSAGE_BYTES, since no
 * string of a frame to the server can be longer than the frame). One pass;
 * strings are skipped (and measured as decoded: each escape is one unit, as the Java side
 * counts them), numbers read whole.
 */
export function breaksJsonLimits(text: string, maxStringUnits: number): string | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let units = 0;
      let end = i + 1;
      while (text.charCodeAt(end) !== 0x22) {
        if (text.charCodeAt(end) === 0x5c /* \ */) end += text.charCodeAt(end + 1) === 0x75 /* u */ ? 5 : 1;
        end++;
        units++;
      }
      if (units > maxStringUnits) return 'string too long';
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_JSON_DEPTH) return 'nested too deep';
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      let end = i;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      const refused = numberRefusal(text.slice(i, end));
      if (refused) return refused;
      i = end - 1;
    }
  }
  return null;
}
