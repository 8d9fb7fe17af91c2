package io.peerhub.peer.cli;

/** Text from peers is printed with control characters (ANSI escapes included) made visible as '_'. */
final class Terminal {

    private Terminal() {}

    static String plain(String untrusted) {
        StringBuilder b = new StringBuilder(untrusted.length());
        untrusted.codePoints().forEach(cp -> {
            if (cp != '/' && cp != '\\' && cp != ':' && isControl(cp)) {
                b.append('_');
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    private static boolean isControl(int cp) {
        return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e
                || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0x2028 || cp == 0x2029;
    }
}
