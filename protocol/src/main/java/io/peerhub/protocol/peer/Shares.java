package io.peerhub.protocol.peer;

import java.util.List;

/**
 * The bounds of shared folders (docs/protocol.md "Shared folders"), each with its reason. A
 * sharer answers within them and a searcher drops an answer that is not.
 */
public final class Shares {

    /** Files a catalogue lists at most: held in memory by the sharer, paged to searchers. */
    public static final int MAX_CATALOGUE_FILES = 100_000;
    /** A query is a few words typed in a box, never a document. */
    public static final int MAX_QUERY_CODE_POINTS = 200;
    /** Files in one answer: a page of results a person reads; the 16 KiB message bound holds it. */
    public static final int MAX_RESULTS = 50;
    /** Files one pull asks for: a batch picked from results by hand. */
    public static final int MAX_PULL_FILES = 64;
    /** Queries a sharer answers per peer and second (bursts of twice that): typing, not flooding. */
    public static final int QUERIES_PER_SECOND = 5;

    private Shares() {}

    /** A path as a manifest holds it: 1–64 components, none empty, "." or "..", within the lengths. */
    static List<String> path(Fields in, String field) {
        List<String> path = in.strings(field);
        String where = in.path() + field;
        if (path.isEmpty() || path.size() > Transfers.MAX_PATH_COMPONENTS) {
            throw new PeerProtocolException("field '" + where + "' must hold 1-" + Transfers.MAX_PATH_COMPONENTS + " components");
        }
        int units = 0;
        for (String c : path) {
            if (c.isEmpty() || c.equals(".") || c.equals("..") || c.length() > Transfers.MAX_COMPONENT_UNITS) {
                throw new PeerProtocolException("field '" + where + "' holds an empty, \".\", \"..\" or too long component");
            }
            units += c.length();
        }
        if (units > Transfers.MAX_PATH_UNITS) {
            throw new PeerProtocolException("field '" + where + "' is longer than " + Transfers.MAX_PATH_UNITS);
        }
        return List.copyOf(path);
    }

    /** A request id: 1–64 UTF-16 units, as a chat id. */
    static String requestId(Fields in) {
        String id = in.string("id");
        if (id.isEmpty() || id.length() > Transfers.MAX_CHAT_ID_CHARS) {
            throw new PeerProtocolException("field '" + in.path() + "id' must be 1-" + Transfers.MAX_CHAT_ID_CHARS + " characters");
        }
        return id;
    }
}
