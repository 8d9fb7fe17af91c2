package io.peerhub.protocol.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Neutralises file names from peers, component by component, as docs/protocol.md ("Saving on the
 * receiver") says, and exactly as the browser does (web-client/src/protocol/safe-names.ts; the
 * shared vectors in protocol/vectors/names.json hold both to it): {@code /}, {@code \}, {@code :},
 * NUL and control characters (C0, DEL, C1, bidi controls; so an ANSI escape loses its ESC) and
 * unpaired surrogates (which no file system can store) become {@code _}; leading and trailing dots and
 * spaces are trimmed; a reserved device name gets a {@code _} suffix; an empty result becomes
 * {@code unnamed}; a component past 255 UTF-8 bytes is cut at a character boundary keeping its
 * extension. The result is always one plain name: never empty, never {@code .} or {@code ..},
 * never a path.
 */
public final class SafeNames {

    /** Linux and most file systems refuse a name longer than this many bytes. */
    public static final int MAX_NAME_BYTES = 255;
    /** An "extension" longer than this many UTF-16 units is part of the name. */
    public static final int MAX_EXTENSION_CHARS = 16;
    /** A cut name keeps its extension when that is shorter than this many bytes. */
    public static final int MAX_KEPT_EXTENSION_BYTES = 64;
    /**
     * Windows refuses these as file names, with or without an extension. Case is ignored for
     * ASCII letters only, as Windows and the browser's regular expression do: a dotless ı does
     * not make {@code conın$} a device.
     */
    private static final Pattern RESERVED_DEVICE = Pattern.compile(
            "^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\\$|conout\\$)(\\.|$)",
            Pattern.CASE_INSENSITIVE);
    /** Leading/trailing dots and spaces: hidden files, and names Windows silently changes. */
    private static final Pattern EDGE_DOTS_SPACES = Pattern.compile("^[. ]+|[. ]+$");
    private static final Pattern TRAILING_DOTS_SPACES = Pattern.compile("[. ]+$");

    private SafeNames() {}

    public static List<String> path(List<String> components) {
        List<String> out = new ArrayList<>(components.size());
        components.forEach(c -> out.add(component(c)));
        return out;
    }

    public static String component(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            if (isHostile(cp)) {
                b.append('_');
            } else {
                b.appendCodePoint(cp);
            }
        });
        String name = EDGE_DOTS_SPACES.matcher(b).replaceAll("");
        if (RESERVED_DEVICE.matcher(name).find()) {
            String[] split = splitExtension(name);
            name = split[0] + "_" + split[1];
        }
        if (name.isEmpty()) {
            name = "unnamed";
        }
        if (utf8(name) > MAX_NAME_BYTES) {
            String[] split = splitExtension(name);
            String keep = utf8(split[1]) < MAX_KEPT_EXTENSION_BYTES ? split[1] : "";
            name = cut(split[0], MAX_NAME_BYTES - utf8(keep)) + keep;
            // Without its extension, the cut may end the name in dots or spaces (found by fuzzing):
            // trimmed again, or Windows would save another name than the one everyone agreed on.
            name = TRAILING_DOTS_SPACES.matcher(name).replaceAll("");
        }
        return name;
    }

    /** {@code name (n).ext}: the n-th alternative for a name that clashes, still within 255 bytes. */
    public static String numbered(String name, int n) {
        String[] split = splitExtension(name);
        String suffix = " (" + n + ")";
        return cut(split[0], MAX_NAME_BYTES - utf8(suffix + split[1])) + suffix + split[1];
    }

    static boolean isHostile(int cp) {
        return cp == '/' || cp == '\\' || cp == ':'
                || cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)
                || Character.getType(cp) == Character.SURROGATE // codePoints() yields only unpaired ones
                || cp == 0x061c || cp == 0x200e || cp == 0x200f
                || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
    }

    /** "name.ext" split so that an extension is at most 16 characters (else it is part of the name). */
    private static String[] splitExtension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || name.length() - dot > MAX_EXTENSION_CHARS) {
            return new String[] {name, ""};
        }
        return new String[] {name.substring(0, dot), name.substring(dot)};
    }

    private static String cut(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = utf8(new String(Character.toChars(cp)));
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
