package io.peerhub.peer.drop;

import io.peerhub.protocol.peer.Have;
import io.peerhub.protocol.peer.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.SafeNames;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an incoming transfer is staged, {@code .partial/<id>/}: its {@link StagingRecord} journal
 * and one {@code <index>.part} per file, whose length is what we hold. Only the transfer's writer thread
 * changes what is held; the monitor makes those changes whole for the readers on other threads.
 */
public final class StagingArea {

    private static final Logger log = LoggerFactory.getLogger(StagingArea.class);

    private final Manifest manifest;
    private final Path dir;
    private final String senderDevice;
    private final String senderName;
    private final boolean[] done;
    private final String[] savedAs;
    private final long[] held;

    private long recordBytes;
    private long loadFreed;

    private StagingArea(Manifest manifest, Path dir, String senderDevice, String senderName, boolean[] done,
                        String[] savedAs) {
        this.manifest = manifest;
        this.dir = dir;
        this.senderDevice = senderDevice;
        this.senderName = senderName;
        this.done = done;
        this.savedAs = savedAs;
        this.held = new long[manifest.files().size()];
        for (int i = 0; i < held.length; i++) {
            long size = manifest.files().get(i).size();
            held[i] = done[i] ? size : Math.min(size, sizeOf(part(i))); // longer than announced: cut when reopened
        }
    }

    /** A new transfer's area in {@code dir}, its journal started at once. */
    static StagingArea create(Path dir, Manifest manifest, String senderDevice, String senderName) throws IOException {
        int n = manifest.files().size();
        StagingArea area = new StagingArea(manifest, dir, senderDevice, senderName, new boolean[n], new String[n]);
        area.recordBytes = StagingRecord.create(dir, manifest, senderDevice, senderName);
        return area;
    }

    /** The area an earlier run staged in {@code dir}; fails when its record is missing or not valid. */
    public static StagingArea load(Path dir) throws IOException {
        StagingRecord.Read r = StagingRecord.read(dir);
        StagingArea area = new StagingArea(r.manifest(), dir, r.senderDevice(), r.senderName(), r.done(), r.savedAs());
        area.loadFreed = r.freed();
        return area;
    }

    /** The bytes the record of a transfer of {@code manifest} takes on disk when it starts. */
    public static long recordBytes(Manifest manifest, String senderDevice, String senderName) {
        return StagingRecord.headerBytes(manifest, senderDevice, senderName);
    }

    /** The bytes {@link #create} wrote. */
    public long recordBytes() {
        return recordBytes;
    }

    /**
     * Finishes what a crash interrupted and removes what no file of the manifest owns: the staged
     * copy of a file already published (the record says so, or the inbox holds it under a second
     * name), a torn journal tail and any stray entry in the folder. Returns how many bytes that
     * freed on disk, less what it added to the journal.
     */
    public synchronized long recover(InboxWriter inbox) throws IOException {
        long freed = loadFreed;
        loadFreed = 0;
        for (int i = 0; i < held.length; i++) {
            FileEntry entry = manifest.files().get(i);
            if (!done[i] && held[i] == entry.size()) {
                Optional<Path> landed = inbox.findPublished(part(i), SafeNames.path(entry.path()));
                if (landed.isPresent()) {
                    freed -= published(i, inbox.dir().relativize(landed.get()).toString());
                    log.info("file {} of transfer {} was published before a restart as {}", i, manifest.id(),
                            landed.get());
                }
            }
            if (done[i]) {
                freed += InboxWriter.deleteTree(part(i));
            }
        }
        Set<String> mine = new HashSet<>(Set.of(StagingRecord.FILE));
        for (int i = 0; i < held.length; i++) {
            if (!done[i]) {
                mine.add(part(i).getFileName().toString());
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (!mine.contains(p.getFileName().toString())) {
                    freed += InboxWriter.deleteTree(p);
                }
            }
        }
        return freed;
    }

    /** When anything in the staging folder was last written: the transfer's last progress on disk. */
    public long lastWrittenMillis() {
        long last = 0;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                last = Math.max(last, Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
            }
        } catch (IOException e) {
            // unreadable: treated as never written, so it expires
        }
        return last;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** The sender's {@code device} from its hello, or null: how a resuming sender is recognised. */
    public String senderDevice() {
        return senderDevice;
    }

    public String senderName() {
        return senderName;
    }

    public Path part(int file) {
        return dir.resolve(file + ".part");
    }

    /** Verified and published to the inbox. */
    public boolean done(int file) {
        return done[file];
    }

    public synchronized boolean allDone() {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    public long held(int file) {
        return held[file];
    }

    public synchronized long heldBytes() {
        long sum = 0;
        for (long h : held) {
            sum += h;
        }
        return sum;
    }

    /** What we hold, for the sender's resume. */
    public synchronized List<Have> have() {
        List<Have> have = new ArrayList<>();
        for (int i = 0; i < held.length; i++) {
            if (held[i] > 0) {
                have.add(new Have(i, held[i]));
            }
        }
        return have;
    }

    public synchronized void grew(int file, long bytes) {
        held[file] += bytes;
    }

    public synchronized void held(int file, long bytes) {
        held[file] = bytes;
    }

    /**
     * {@code file} was verified and published at {@code relativePath} (inside the inbox): says so
     * in the journal, synced, before the caller deletes the staged copy. Returns the bytes appended;
     * a journal that cannot be written is logged, and a restart then finds the file by its inode.
     */
    public synchronized long published(int file, String relativePath) {
        done[file] = true;
        savedAs[file] = relativePath;
        try {
            return StagingRecord.appendDone(dir, file, relativePath);
        } catch (IOException e) {
            log.warn("cannot record that file {} of transfer {} is done: {}", file, manifest.id(), e.toString());
            return 0;
        }
    }

    /** Deletes the folder; returns the bytes that freed. */
    public long delete() {
        return InboxWriter.deleteTree(dir);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
