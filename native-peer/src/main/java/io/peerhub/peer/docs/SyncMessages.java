package io.peerhub.peer.docs;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The two things the size caps need from an Automerge sync message, which Automerge Java 0.0.7
 * does not decode: the sender's heads and how many bytes of changes it carries. Both versions of
 * the encoding (type 0x42 and 0x43) start alike: heads, needs and haves as LEB128-counted lists
 * of 32-byte hashes (a have adds a bloom filter), then the changes, each LEB128-length-prefixed;
 * what follows (0x43's capabilities) is not read.
 */
final class SyncMessages {

    /** A sync message with no heads, needs, haves or changes: see {@link DocSync}'s restart. */
    static final byte[] RESTART = {0x42, 0, 0, 0, 0};

    private static final int HASH_BYTES = 32;

    /** The sender's heads (hex) and the bytes of changes carried. */
    record Summary(List<String> heads, long changeBytes) {}

    private SyncMessages() {}

    /** Null when {@code m} is not laid out as a sync message (Automerge then refuses it too). */
    static Summary read(byte[] m) {
        try {
            Reader r = new Reader(m);
            int type = r.u8();
            if (type != 0x42 && type != 0x43) {
                return null;
            }
            List<String> heads = r.hashes();
            r.hashes(); // need
            for (long haves = r.leb(); haves > 0; haves--) {
                r.hashes(); // last sync
                r.skip(r.leb()); // bloom filter
            }
            long bytes = 0;
            for (long changes = r.leb(); changes > 0; changes--) {
                long length = r.leb();
                r.skip(length);
                bytes += length;
            }
            return new Summary(heads, bytes);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    private static final class Reader {
        private final byte[] m;
        private int at;

        Reader(byte[] m) {
            this.m = m;
        }

        int u8() {
            if (at >= m.length) {
                throw new IndexOutOfBoundsException("end of message");
            }
            return m[at++] & 0xff;
        }

        long leb() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    if (value < 0 || value > m.length) {
                        throw new IllegalArgumentException("count past the message");
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("LEB128 too long");
        }

        void skip(long n) {
            if (n > m.length - at) {
                throw new IndexOutOfBoundsException("past the message");
            }
            at += (int) n;
        }

        List<String> hashes() {
            long count = leb();
            List<String> out = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                int start = at;
                skip(HASH_BYTES);
                out.add(HexFormat.of().formatHex(m, start, start + HASH_BYTES));
            }
            return out;
        }
    }
}
