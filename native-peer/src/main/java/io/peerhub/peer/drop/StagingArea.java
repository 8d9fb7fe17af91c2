package io.peerhub.peer.drop;

import io.peerhub.protocol.peer.Have;
import io.peerhub.protocol.peer.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            held[i] = done[i] ? manifest.files().get(i).size() : sizeOf(part(i));
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
