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
 * Where an incoming transfer is staged, {@code .partial/<id>/}: its {@link StagingRecord} and one
 * {@code <index>.part} per file, whose length is what we hold. Only the transfer's writer thread
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

    /** A new transfer's area in {@code dir}, its record saved at once. */
    static StagingArea create(Path dir, Manifest manifest, String senderDevice, String senderName) {
        int n = manifest.files().size();
        StagingArea area = new StagingArea(manifest, dir, senderDevice, senderName, new boolean[n], new String[n]);
        area.save();
        return area;
    }

    /** The area an earlier run staged in {@code dir}; fails when its record is missing or not valid. */
    public static StagingArea load(Path dir) throws IOException {
        StagingRecord r = StagingRecord.read(dir);
        return new StagingArea(r.manifest(), dir, r.senderDevice(), r.senderName(), r.done(), r.savedAs());
    }

    /**
     * Finishes what a crash interrupted and removes what no file of the manifest owns: the staged
     * copy of a file already published (the record says so, or the inbox holds it under a second
     * name) and any stray entry in the folder. Returns how many bytes that freed in staging.
     */
    public synchronized long recover(InboxWriter inbox) throws IOException {
        long freed = 0;
        for (int i = 0; i < held.length; i++) {
            FileEntry entry = manifest.files().get(i);
            if (!done[i] && held[i] == entry.size()) {
                Optional<Path> landed = inbox.findPublished(part(i), SafeNames.path(entry.path()));
                if (landed.isPresent()) {
                    published(i, inbox.dir().relativize(landed.get()).toString());
                    save();
                    log.info("file {} of transfer {} was published before a restart as {}", i, manifest.id(),
                            landed.get());
                }
            }
            if (done[i] && Files.deleteIfExists(part(i))) {
                freed += entry.size();
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
                    InboxWriter.deleteTree(p);
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

    /** Bytes staged but not yet published (what a cancel frees on disk). */
    public long stagedBytes() {
        long stagedBytes = 0;
        for (int i = 0; i < held.length; i++) {
            if (!done[i]) {
                stagedBytes += held[i];
            }
        }
        return stagedBytes;
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

    public synchronized void published(int file, String relativePath) {
        done[file] = true;
        savedAs[file] = relativePath;
    }

    public synchronized void save() {
        try {
            new StagingRecord(manifest, senderDevice, senderName, done.clone(), savedAs.clone()).write(dir);
        } catch (IOException e) {
            log.warn("cannot save the state of transfer {}: {}", manifest.id(), e.toString());
        }
    }

    public void delete() {
        InboxWriter.deleteTree(dir);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
