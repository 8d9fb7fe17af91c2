package io.peerhub.protocol;

/** The rules for a display name, which every peer in the room is shown. */
public final class DisplayName {

    /** Bounded so that one name cannot fill another peer's screen. */
    public static final int MAX_CODE_POINTS = 64;

    private DisplayName() {}

    /**
     * Trims white space at both ends: every Unicode space, including the no-break spaces that
     * {@link String#strip} keeps, not only the ASCII ones that {@link String#trim} removes.
     */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        int start = 0;
        int end = raw.length();
        while (start < end && isSpace(raw.codePointAt(start))) {
            start += Character.charCount(raw.codePointAt(start));
        }
        while (end > start && isSpace(raw.codePointBefore(end))) {
            end -= Character.charCount(raw.codePointBefore(end));
        }
        return raw.substring(start, end);
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /**
     * Refuses a name that is empty after trimming, holds a character that is invisible or moves
     * text around (Cc controls, Cf format characters such as RLO, Zl, Zp), or is longer than
     * {@link #MAX_CODE_POINTS}. Unpaired surrogates (Cs) are refused as well: they are not
     * characters and cannot be written as UTF-8. Three kinds of format character are allowed
     * because emoji are built from them: the zero-width joiner (👨‍👩‍👧), the zero-width
     * non-joiner, and the tag characters of subdivision flags.
     *
     * @param ref the type of the message that carries the name, for the error
     */
    public static void check(String name, String ref) {
        if (name == null || name.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_NAME, "name is empty", ref);
        }
        // Counted before the scan so that a 10,000-character name costs no more than a short one.
        if (name.codePointCount(0, name.length()) > MAX_CODE_POINTS) {
            throw new ProtocolException(ErrorCode.NAME_TOO_LONG,
                    "name is longer than " + MAX_CODE_POINTS + " characters", ref);
        }
        if (name.codePoints().anyMatch(DisplayName::isForbidden)) {
            throw new ProtocolException(ErrorCode.BAD_NAME, "name holds control characters", ref);
        }
    }

    private static boolean isForbidden(int codePoint) {
        if (isEmojiFormatCharacter(codePoint)) {
            return false;
        }
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
                return true;
            default:
                return false;
        }
    }

    private static boolean isEmojiFormatCharacter(int codePoint) {
        return codePoint == ZERO_WIDTH_JOINER || codePoint == ZERO_WIDTH_NON_JOINER
                || (codePoint >= TAG_FIRST && codePoint <= TAG_LAST);
    }

    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int TAG_FIRST = 0xE0020;
    private static final int TAG_LAST = 0xE007F;
}
