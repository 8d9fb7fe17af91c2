package io.peerhub.peer.share;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.peer.transfer.Sha256;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 of shared files, kept by relative path, size and modification time, so that a file is
 * hashed once and not at every start: a library of installers is many gigabytes. Saved as JSON
 * lines outside DIR (never inside it: the share would list its own cache); a line that does not
 * read is ignored, the worst a damaged cache does is a hash computed again. Thread-safe.
 */
public final class HashCache {

    private static final Logger log = LoggerFactory.getLogger(HashCache.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int READ_BYTES = 1 << 20;
    /** Lines longer than this are not a cache entry (a path is at most a few KiB). */
    private static final int MAX_LINE_CHARS = 64 * 1024;

    private record Entry(long size, long modifiedMillis, String sha256) {}

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger computed = new java.util.concurrent.atomic.AtomicInteger();

    /** A cache saved in {@code file} (null: kept in memory only). */
    public HashCache(Path file) {
        this.file = file;
        if (file != null) {
            load();
        }
    }

    /** The known hash of {@code f} if it has not changed since, else null. */
    public String known(SharedFile f) {
        Entry e = entries.get(f.key());
        return e != null && e.size == f.size() && e.modifiedMillis == f.modifiedMillis() ? e.sha256 : null;
    }

    /** Hashes {@code f}'s bytes as they are now, and keeps the result for its size and time as listed. */
    public String hash(SharedFile f) throws IOException {
        String sha = sha256(f.source());
        computed.incrementAndGet();
        entries.put(f.key(), new Entry(f.size(), f.modifiedMillis(), sha));
        return sha;
    }

    /** How many files this cache has hashed (and not found known): a restart should add only the changed ones. */
    public int computed() {
        return computed.get();
    }

    /** Writes the entries of {@code current} (and only those: gone files leave the cache), atomically. */
    public void save(Collection<SharedFile> current) {
        if (file == null) {
            return;
        }
        entries.keySet().retainAll(current.stream().map(SharedFile::key).toList());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (Map.Entry<String, Entry> e : entries.entrySet()) {
                    ObjectNode line = JSON.createObjectNode();
                    line.put("path", e.getKey());
                    line.put("size", e.getValue().size);
                    line.put("mtime", e.getValue().modifiedMillis);
                    line.put("sha256", e.getValue().sha256);
                    out.write(JSON.writeValueAsString(line));
                    out.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("share: the hash cache {} could not be saved ({}); hashes are computed again next start", file, e.toString());
        }
    }

    public static String sha256(Path source) throws IOException {
        MessageDigest digest = Sha256.digest();
        ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (in.read(buffer.clear()) >= 0) {
                digest.update(buffer.flip());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        int bad = 0;
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!read(line)) {
                    bad++;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            log.warn("share: the hash cache {} could not be read ({}); files are hashed again", file, e.toString());
            entries.clear();
            return;
        }
        if (bad > 0) {
            log.info("share: {} lines of the hash cache {} ignored", bad, file);
        }
    }

    private boolean read(String line) {
        if (line.length() > MAX_LINE_CHARS) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.path("path").isTextual() || !n.path("size").canConvertToLong()
                    || !n.path("mtime").canConvertToLong() || !n.path("sha256").isTextual()
                    || !n.path("sha256").textValue().matches("[0-9a-f]{64}")) {
                return false;
            }
            entries.put(n.get("path").textValue(),
                    new Entry(n.get("size").longValue(), n.get("mtime").longValue(), n.get("sha256").textValue()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
