package io.peerhub.peer.docs;

/**
 * Automerge's Java API counts text positions in Unicode code points; the browser (JavaScript,
 * CodeMirror) in UTF-16 units. A position that crosses the wire or comes from a browser is
 * converted here, and nowhere else. A UTF-16 position inside a surrogate pair is moved to the
 * start of that pair: no edit may split a character.
 */
final class TextPositions {

    private TextPositions() {}

    /** The code point index of UTF-16 index {@code utf16} in {@code text}. */
    static long toCodePoints(String text, int utf16) {
        if (utf16 < 0 || utf16 > text.length()) {
            throw new IndexOutOfBoundsException("UTF-16 position " + utf16 + " outside 0.." + text.length());
        }
        int at = utf16;
        if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))
                && Character.isHighSurrogate(text.charAt(at - 1))) {
            at--;
        }
        return text.codePointCount(0, at);
    }

    /** The UTF-16 index of code point index {@code codePoints} in {@code text}. */
    static int toUtf16(String text, long codePoints) {
        int total = text.codePointCount(0, text.length());
        if (codePoints < 0 || codePoints > total) {
            throw new IndexOutOfBoundsException("code point position " + codePoints + " outside 0.." + total);
        }
        return text.offsetByCodePoints(0, (int) codePoints);
    }

    /** The number of code points in UTF-16 units {@code from..from+count} of {@code text}. */
    static long codePointCount(String text, int from, int count) {
        return toCodePoints(text, from + count) - toCodePoints(text, from);
    }
}
