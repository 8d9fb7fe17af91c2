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
import java.util.HashMap;
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
 * <p>It also keeps each document's size for the caps ({@link DocLimits}): the text's UTF-8 bytes,
 * measured at every change, and the saved size, exact when the document was last loaded or
 * saved and estimated in between by adding the bytes of every change taken since.
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
    private final Map<String, DocLimits.Size> sizes = new HashMap<>();
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

    /** The sizes of {@code doc} as document {@code docId} having taken {@code added} bytes of changes. */
    public DocLimits.Size sizeAfter(String docId, Document doc, long added) {
        long text = DocsProtocol.INDEX_DOC_ID.equals(docId) ? 0 : DocLimits.textBytes(TextDocs.text(doc));
        return new DocLimits.Size(text, sizeOf(docId).saved() + added);
    }

    public DocLimits.Size sizeOf(String docId) {
        return sizes.getOrDefault(docId, DocLimits.Size.EMPTY);
    }

    /** Every document's sizes added up. */
    public DocLimits.Size roomSize() {
        long text = 0;
        long saved = 0;
        for (DocLimits.Size size : sizes.values()) {
            text += size.text();
            saved += size.saved();
        }
        return new DocLimits.Size(text, saved);
    }

    /**
     * Puts {@code doc} in place of {@code docId}'s document (freeing the one it replaces), with
     * its sizes.
     */
    public void replace(String docId, Document doc, DocLimits.Size size) {
        Document old = docs.put(docId, doc);
        if (old != null && old != doc) {
            old.free();
        }
        sizes.put(docId, size);
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
            byte[] bytes = Files.readAllBytes(file);
            Document doc = Document.load(bytes);
            docs.put(id, doc);
            sizes.put(id, sizeAfter(id, doc, bytes.length));
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
        // The caps' measure of history, exact again.
        sizes.computeIfPresent(docId, (id, size) -> new DocLimits.Size(size.text(), bytes.length));
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
