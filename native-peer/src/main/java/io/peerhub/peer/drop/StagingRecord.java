package io.peerhub.peer.drop;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.Manifest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What a drop keeps about a staged transfer so it can resume after a restart, as an append-only
 * journal {@code .partial/<id>/journal} of JSON lines: the first (the header) holds the manifest
 * and the sender's device id and name, each later one says that a file was verified and where it
 * landed ({@code {"done":3,"saved":"photos/a.jpg"}}).
 *
 * <p>Why a journal: the record used to be rewritten whole after every file, so a transfer of
 * 2,000 small files with long names wrote its ~0.5 MiB record 2,000 times (1.4 GiB, issue 19). A
 * line is appended instead. Nothing in the journal is ever superseded (a file is verified once),
 * so it never needs compacting: it is as large as the manifest plus one line per verified file.
 *
 * <p>Crash safety: the header is written to a temporary file, synced and renamed, so a journal
 * either has a whole header or does not exist. Each line is synced before the caller deletes the
 * staged copy it speaks of. A crash during an append leaves a torn last line (no newline, or not
 * JSON): {@link #read} keeps the lines before it and cuts the file back to them, so the next
 * append starts on a line of its own. Such a file then counts as not verified, and the next start
 * finds it in the inbox by its inode ({@link InboxWriter#findPublished}).
 */
final class StagingRecord {

    static final String FILE = "journal";
    /** The record of drops before the journal: read once and turned into a journal. */
    static final String LEGACY_FILE = "state.json";
    private static final int VERSION = 1;
    /** Longer than any {@code done} line this drop writes (a saved path is at most 64 names of 255 bytes). */
    private static final int MAX_LINE_BYTES = 64 * 1024;
    /** An older drop's record past this is not read: a manifest within ManifestBudget is far smaller. */
    private static final long MAX_LEGACY_BYTES = 32L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** A record as read back: what it says, and how many bytes reading it removed from the disk. */
    record Read(Manifest manifest, String senderDevice, String senderName, boolean[] done, String[] savedAs,
                long freed) {}

    private StagingRecord() {}

    /** The bytes the header of this transfer takes on disk (what its staging costs before any file). */
    static long headerBytes(Manifest manifest, String senderDevice, String senderName) {
        CountingStream counter = new CountingStream();
        try {
            writeHeader(counter, manifest, senderDevice, senderName);
        } catch (IOException e) {
            throw new IllegalStateException("counting cannot fail", e);
        }
        return counter.count;
    }

    /** Starts the journal of a new transfer in {@code staging}; returns the bytes it took. */
    static long create(Path staging, Manifest manifest, String senderDevice, String senderName) throws IOException {
        Path tmp = staging.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
            writeHeader(out, manifest, senderDevice, senderName);
            out.flush();
            ch.force(true);
        }
        Files.move(tmp, staging.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        InboxWriter.syncDirectory(staging);
        return Files.size(staging.resolve(FILE));
    }

    /** Appends that {@code file} was verified and landed at {@code savedAs}, synced; returns the bytes appended. */
    static long appendDone(Path staging, int file, String savedAs) throws IOException {
        byte[] line = doneLine(file, savedAs);
        try (FileChannel ch = FileChannel.open(staging.resolve(FILE), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
        return line.length;
    }

    static byte[] doneLine(int file, String savedAs) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(64 + savedAs.length());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("done", file);
            g.writeStringField("saved", savedAs);
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Reads the journal in {@code staging} (or an older drop's {@code state.json}, which it turns
     * into a journal), cutting a torn tail.
     *
     * @throws IOException when there is no record, or its header is not whole and valid: the
     *                     staging is then of no use
     */
    static Read read(Path staging) throws IOException {
        Path journal = staging.resolve(FILE);
        if (!Files.exists(journal, LinkOption.NOFOLLOW_LINKS) && Files.exists(staging.resolve(LEGACY_FILE))) {
            return fromLegacy(staging);
        }
        Header h;
        long headerEnd;
        // Streamed, not read whole: a record of 10,000 long names never sits in memory twice.
        try (InputStream in = new BufferedInputStream(Files.newInputStream(journal, LinkOption.NOFOLLOW_LINKS));
             JsonParser p = FACTORY.createParser(in)) {
            h = readHeader(p);
            headerEnd = p.currentLocation().getByteOffset();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("the journal's header is not valid: " + e.getOriginalMessage());
        }
        int n = h.manifest.files().size();
        boolean[] done = new boolean[n];
        String[] saved = new String[n];
        long length = Files.size(journal);
        long good;
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(headerEnd)));
            if (in.read() != '\n') {
                throw new IOException("the journal's header is not whole");
            }
            good = headerEnd + 1;
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                if (b != '\n') {
                    if (line.size() >= MAX_LINE_BYTES) {
                        break; // no line this drop writes is that long
                    }
                    line.write(b);
                    continue;
                }
                if (!readDone(line.toByteArray(), done, saved)) {
                    break; // an unreadable line: it and anything after it never counted
                }
                good += line.size() + 1;
                line.reset();
            }
        }
        long freed = 0;
        if (good < length) {
            // A torn tail (a crash during an append): cut, so the next line starts on its own.
            try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ch.truncate(good);
                ch.force(false);
            }
            freed = length - good;
        }
        return new Read(h.manifest, h.device, h.sender, done, saved, freed);
    }

    private record Header(Manifest manifest, String device, String sender) {}

    private static void writeHeader(OutputStream out, Manifest manifest, String senderDevice, String senderName)
            throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.writeStartObject();
        g.writeNumberField("v", VERSION);
        g.writeStringField("id", manifest.id());
        g.writeStringField("device", senderDevice);
        g.writeStringField("sender", senderName);
        g.writeArrayFieldStart("files");
        for (FileEntry f : manifest.files()) {
            g.writeStartObject();
            g.writeArrayFieldStart("path");
            for (String c : f.path()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeNumberField("size", f.size());
            g.writeStringField("type", f.type());
            if (f.sha256() != null) {
                g.writeStringField("sha256", f.sha256());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.write('\n');
        out.flush();
    }

    /** The header, read token by token: a manifest of thousands of files never becomes a JSON tree. */
    private static Header readHeader(JsonParser p) throws IOException {
        String id = null;
        String device = null;
        String sender = "?";
        int version = -1;
        List<FileEntry> files = null;
        expect(p.nextToken(), JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "v" -> version = p.getIntValue();
                case "id" -> id = p.getValueAsString();
                case "device" -> device = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                case "sender" -> sender = value == JsonToken.VALUE_NULL ? "?" : p.getValueAsString();
                case "files" -> files = readFiles(p);
                default -> p.skipChildren();
            }
        }
        expect(p.currentToken(), JsonToken.END_OBJECT);
        if (version != VERSION || id == null || files == null) {
            throw new IOException("the journal's header is not of version " + VERSION + " or lacks id or files");
        }
        return new Header(validated(id, files), device, sender);
    }

    private static List<FileEntry> readFiles(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        List<FileEntry> files = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            List<String> path = new ArrayList<>();
            long size = -1;
            String type = "";
            String sha256 = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "path" -> {
                        expect(value, JsonToken.START_ARRAY);
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            path.add(p.getText());
                        }
                        expect(p.currentToken(), JsonToken.END_ARRAY);
                    }
                    case "size" -> size = p.getLongValue();
                    case "type" -> type = p.getValueAsString("");
                    case "sha256" -> sha256 = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
            files.add(new FileEntry(path, size, type, sha256));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
        return files;
    }

    private static Manifest validated(String id, List<FileEntry> files) throws IOException {
        long total = 0;
        for (FileEntry f : files) {
            total += Math.max(0, f.size());
        }
        try {
            // Validated again: the file is ours, but a drop must not trust its disk more than its peers.
            return Manifest.validate(id, files, files.size(), total);
        } catch (RuntimeException e) {
            throw new IOException("the journal's manifest is not valid: " + e.getMessage());
        }
    }

    /** One {@code done} line; false when it is not one (torn, or not what this drop writes). */
    private static boolean readDone(byte[] line, boolean[] done, String[] saved) {
        int file = -1;
        String savedAs = null;
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("done") && value == JsonToken.VALUE_NUMBER_INT) {
                    file = p.getIntValue();
                } else if (field.equals("saved") && value == JsonToken.VALUE_STRING) {
                    savedAs = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        if (file < 0 || file >= done.length || savedAs == null) {
            return false;
        }
        done[file] = true;
        saved[file] = savedAs;
        return true;
    }

    /** Reads an older drop's {@code state.json} and writes the same as a journal in its place. */
    private static Read fromLegacy(Path staging) throws IOException {
        Path legacy = staging.resolve(LEGACY_FILE);
        long before = Files.size(legacy);
        if (before > MAX_LEGACY_BYTES) {
            throw new IOException("an older record of " + before + " bytes is more than this drop reads");
        }
        JsonNode s = JSON.readTree(legacy.toFile());
        List<FileEntry> files = new ArrayList<>();
        for (JsonNode f : s.get("files")) {
            List<String> path = new ArrayList<>();
            f.get("path").forEach(c -> path.add(c.textValue()));
            files.add(new FileEntry(path, f.get("size").longValue(), f.path("type").asText(""),
                    f.hasNonNull("sha256") ? f.get("sha256").textValue() : null));
        }
        Manifest m = validated(s.get("id").textValue(), files);
        boolean[] done = new boolean[files.size()];
        String[] saved = new String[files.size()];
        String device = s.hasNonNull("device") ? s.get("device").textValue() : null;
        String sender = s.path("sender").asText("?");
        long after = create(staging, m, device, sender);
        for (int i = 0; i < files.size(); i++) {
            done[i] = s.get("done").get(i).booleanValue();
            saved[i] = s.get("saved").get(i).isNull() ? null : s.get("saved").get(i).textValue();
            if (done[i]) {
                after += appendDone(staging, i, saved[i] == null ? "" : saved[i]);
            }
        }
        Files.delete(legacy);
        return new Read(m, device, sender, done, saved, before - after);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }

    /** Counts what is written to it and keeps none of it. */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
