package io.peerhub.peer.docs;

import io.peerhub.protocol.peer.DocsProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.automerge.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room's documents on disk: one file {@code <docId>.automerge} per document (Automerge's
 * own save format, which the browser loads too), written atomically: a temp file in the same
 * folder, fsync, then an atomic rename, then fsync of the folder. A crash leaves the old file or
 * the new one, never half of one.
 *
 * <p>Not thread-safe: the sync layer calls it from its one thread. Documents hold native memory,
 * freed by {@link #close()}.
 */
public final class DocStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DocStore.class);
    static final String SUFFIX = ".automerge";
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path dir;
    private final Map<String, Document> docs = new LinkedHashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private boolean closed;

    private final boolean writer;

    /** Opens (creating if needed) the folder and loads every document in it, to keep them. */
    public DocStore(Path dir) {
        this(dir, true);
    }

    /** Loads the documents of a folder another process may be keeping: touches no file. */
    public static DocStore readOnly(Path dir) {
        return new DocStore(dir, false);
    }

    private DocStore(Path dir, boolean writer) {
        this.writer = writer;
        this.dir = dir.toAbsolutePath();
        try {
            Files.createDirectories(this.dir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(this.dir)) {
                for (Path file : files) {
                    load(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open documents folder " + this.dir, e);
        }
        if (!docs.containsKey(DocsProtocol.INDEX_DOC_ID)) {
            docs.put(DocsProtocol.INDEX_DOC_ID, new Document());
        }
    }

    private void load(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(TEMP_SUFFIX)) {
            if (writer) {
                Files.deleteIfExists(file); // a save that crashed before its rename
            }
            return;
        }
        if (!name.endsWith(SUFFIX)) {
            return;
        }
        String id = name.substring(0, name.length() - SUFFIX.length());
        if (!DocsProtocol.isDocId(id)) {
            return;
        }
        try {
            docs.put(id, Document.load(Files.readAllBytes(file)));
        } catch (RuntimeException e) {
            log.warn("document file {} does not load and is left alone: {}", file, e.getMessage());
        }
    }

    public Path dir() {
        return dir;
    }

    public List<String> ids() {
        return List.copyOf(docs.keySet());
    }

    public Optional<Document> get(String docId) {
        return Optional.ofNullable(docs.get(docId));
    }

    /**
     * The document with this id, empty if new (the sync fills it). Empty for a bad id or when the
     * room already holds as many documents as it may: a peer inventing ids is refused here.
     */
    public Optional<Document> ensure(String docId) {
        Document doc = docs.get(docId);
        if (doc != null) {
            return Optional.of(doc);
        }
        if (!DocsProtocol.isDocId(docId) || docs.size() > DocsProtocol.MAX_DOCUMENTS) {
            return Optional.empty();
        }
        doc = new Document();
        docs.put(docId, doc);
        return Optional.of(doc);
    }

    /** Marks a document as changed since its last save. */
    public void changed(String docId) {
        if (writer && docs.containsKey(docId)) {
            dirty.add(docId);
        }
    }

    /** Saves every changed document; a failed save is logged and retried at the next save. */
    public void saveChanged() {
        for (String id : List.copyOf(dirty)) {
            try {
                save(id);
                dirty.remove(id);
            } catch (IOException | RuntimeException e) {
                log.warn("saving document {} failed (will retry): {}", id, e.toString());
            }
        }
    }

    private void save(String docId) throws IOException {
        byte[] bytes = docs.get(docId).save();
        Path target = dir.resolve(docId + SUFFIX);
        Path temp = dir.resolve(docId + SUFFIX + TEMP_SUFFIX);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /** Makes the rename itself durable (Linux: fsync on the folder). */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("fsync of {} not possible: {}", dir, e.toString());
        }
    }

    /** Saves what changed and frees every document's native memory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        saveChanged();
        docs.values().forEach(Document::free);
        docs.clear();
    }
}
