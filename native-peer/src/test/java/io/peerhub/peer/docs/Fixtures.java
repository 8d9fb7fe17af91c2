package io.peerhub.peer.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the fixtures the browser's Automerge made (protocol/vectors/documents/make-fixtures.mjs; see native-peer/pom.xml). */
final class Fixtures {

    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/docs-fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** A file of u32 big-endian length + bytes records. */
    static List<byte[]> records(String name) {
        ByteBuffer in = ByteBuffer.wrap(bytes(name));
        List<byte[]> out = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] record = new byte[in.getInt()];
            in.get(record);
            out.add(record);
        }
        return out;
    }
}
