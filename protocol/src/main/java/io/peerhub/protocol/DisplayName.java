package io.peerhub.protocol;

/** The rules for a display name, which every peer in the room is shown. */
public final class DisplayName {

    /** Bounded so that one name cannot fill another peer's screen. */
    public static final int MAX_NAME_CODE_POINTS = 64;

    private DisplayName() {}

    /**
     * Trims white space at both ends: tab, line feed, vertical tab, form feed, carriage return,
     * every space separator (Zs, so the no-break spaces too) and the line and paragraph
     * separators. Exactly this set, because the browser trims the same: the other controls that
     * Java or JavaScript would also trim (U+001C–U+001F, U+FEFF) are refused by {@link #check}
     * instead, as the invisible characters they are.
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
        return (codePoint >= 0x09 && codePoint <= 0x0d)
                || Character.getType(codePoint) == Character.SPACE_SEPARATOR
                || codePoint == 0x2028 || codePoint == 0x2029;
    }

    /**
     * Refuses a name that is empty after trimming, is longer than {@link #MAX_NAME_CODE_POINTS},
     * or holds a character that is invisible or moves text around (see {@link #isVisibleText}).
     * The length is judged before the characters, here and in the browser, so both report the
     * same code for a long name with controls in it.
     *
     * @param ref the type of the message that carries the name, for the error
     */
    public static void check(String name, String ref) {
        if (name == null || name.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_NAME, "name is empty", ref);
        }
        // Counted before the scan so that a 10,000-character name costs no more than a short one.
        if (name.codePointCount(0, name.length()) > MAX_NAME_CODE_POINTS) {
            throw new ProtocolException(ErrorCode.NAME_TOO_LONG,
                    "name is longer than " + MAX_NAME_CODE_POINTS + " characters", ref);
        }
        if (!isVisibleText(name)) {
            throw new ProtocolException(ErrorCode.BAD_NAME, "name holds control characters", ref);
        }
    }

    /**
     * Whether {@code text} is free of characters that are invisible or move text around: Cc
     * controls, Cf format characters such as RLO, Zl, Zp. Unpaired surrogates (Cs) are refused as
     * well: they are not characters and cannot be written as UTF-8. Three kinds of format
     * character are allowed because emoji are built from them: the zero-width joiner (👨‍👩‍👧),
     * the zero-width non-joiner, and the tag characters of subdivision flags. Names and document
     * titles follow this one rule.
     */
    public static boolean isVisibleText(String text) {
        return text.codePoints().noneMatch(DisplayName::isForbidden);
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
