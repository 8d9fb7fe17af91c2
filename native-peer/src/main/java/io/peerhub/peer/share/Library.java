package io.peerhub.peer.share;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared folder, kept current: scanned at start (hashes the cache knows are used at once, the
 * rest are computed in the background, so the catalogue is browsable before a large library is
 * hashed), watched for changes (a quiet spell after the last event, then a scan; only files whose
 * size, time or inode changed are hashed again), and checked once more when a file is about to be
 * served: a file changed since it was listed is hashed again first, and one that is no longer a
 * plain file inside DIR is not served at all.
 *
 * <p>Scans and background hashing run on one thread, in order; serving checks run on another, so
 * a pull never waits behind a library's first hashing.
 */
public final class Library implements AutoCloseable {

    /** Quiet time after a change before the folder is scanned: a copy of many files is one scan. */
    static final long SETTLE_MILLIS = 300;
    /** While hashing a backlog, a catalogue with the new hashes is published at most this often. */
    private static final long PUBLISH_MILLIS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(Library.class);

    private final Path root;
    private final HashCache cache;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "share-scan"));
    private final ExecutorService serving = Executors.newSingleThreadExecutor(r -> daemon(r, "share-serve"));
    private final List<Consumer<Catalogue>> listeners = new CopyOnWriteArrayList<>();
    private final WatchService watch;
    private final Map<Path, WatchKey> watched = new HashMap<>();
    private final Thread watcher;
    private volatile Catalogue catalogue = Catalogue.EMPTY;
    /** Worker thread only: the files listed without a hash yet, in path order. */
    private final ArrayDeque<SharedFile> unhashed = new ArrayDeque<>();
    /** Worker thread only: files hashed since the last publish, by path, as they were when hashed. */
    private final Map<List<String>, SharedFile> staged = new HashMap<>();
    private ScheduledFuture<?> pendingScan;
    private long lastPublish;
    private volatile boolean closed;

    /** Shares {@code dir}; its real path is what is shared (DIR may itself be a link to it). */
    public Library(Path dir, HashCache cache) throws IOException {
        this.root = dir.toRealPath();
        if (!Files.isDirectory(root)) {
            throw new IOException("not a folder: " + dir);
        }
        this.cache = cache;
        this.watch = FileSystems.getDefault().newWatchService();
        this.watcher = daemon(this::watchLoop, "share-watch");
    }

    /** Scans the folder (returns once the first catalogue is published) and starts watching it. */
    public Library start() throws IOException {
        try {
            worker.submit(() -> {
                scan();
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while scanning " + root);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        watcher.start();
        return this;
    }

    public Path root() {
        return root;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    /** Called on the scan thread with each new catalogue. */
    public void onChange(Consumer<Catalogue> listener) {
        listeners.add(listener);
    }

    /**
     * The listed file at {@code path}, checked now: still a regular file at the same place under
     * DIR, reached through no link, and hashed as it is now (hashed again if it changed since it
     * was listed). Empty if it is not in the catalogue or no longer fit to serve.
     */
    public CompletableFuture<Optional<SharedFile>> serve(List<String> path) {
        Optional<SharedFile> listed = catalogue.lookup(path);
        if (listed.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.supplyAsync(() -> check(listed.get()), serving);
    }

    private Optional<SharedFile> check(SharedFile listed) {
        Path source = listed.source();
        try {
            BasicFileAttributes now = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            // A folder on the way swapped for a link since the scan would make the real path differ.
            if (!now.isRegularFile() || !source.toRealPath().equals(source) || !source.startsWith(root)) {
                log.warn("share: {} not served: it is no longer a plain file inside the shared folder", listed.key());
                rescanSoon();
                return Optional.empty();
            }
            SharedFile current = new SharedFile(listed.path(), now.size(), now.lastModifiedTime().toMillis(), null,
                    source, now.fileKey());
            if (current.sameAs(listed) && listed.sha256() != null) {
                return Optional.of(listed);
            }
            String known = cache.known(current);
            SharedFile fresh = current.hashed(known != null ? known : cache.hash(current));
            if (!current.sameAs(listed)) {
                log.info("share: {} changed since it was listed; hashed again before serving", listed.key());
                rescanSoon();
            }
            return Optional.of(fresh);
        } catch (IOException e) {
            log.warn("share: {} not served: {}", listed.key(), e.toString());
            rescanSoon();
            return Optional.empty();
        }
    }

    /** Worker thread: the folder as it is now, with every hash that is still good. */
    private void scan() throws IOException {
        pendingScan = null;
        FolderScan.Result result = FolderScan.of(root);
        watchFolders(result.folders());
        Map<List<String>, SharedFile> before = new HashMap<>();
        catalogue.files().forEach(f -> before.put(f.path(), f));
        before.putAll(staged);
        staged.clear();
        List<SharedFile> listed = new ArrayList<>(result.files().size());
        unhashed.clear();
        for (SharedFile f : result.files()) {
            SharedFile old = before.get(f.path());
            String sha = old != null && old.sha256() != null && old.sameAs(f) ? old.sha256() : cache.known(f);
            listed.add(sha != null ? f.hashed(sha) : f);
            if (sha == null) {
                unhashed.add(f);
            }
        }
        if (result.truncated()) {
            log.warn("share: {} holds more than {} files; only the first are listed", root, FolderScan.MAX_FILES);
        }
        publish(new Catalogue(listed));
        log.info("share: {} files listed in {} ({} to hash, {} passed over)", listed.size(), root, unhashed.size(),
                result.skipped());
        if (!unhashed.isEmpty()) {
            worker.execute(this::hashNext);
        } else {
            cache.save(listed);
        }
    }

    /** Worker thread: one file of the backlog; yields between files so a scan can come first. */
    private void hashNext() {
        SharedFile next = unhashed.poll();
        if (next == null || closed) {
            return;
        }
        String sha = null;
        try {
            sha = cache.hash(next);
        } catch (IOException e) {
            log.info("share: {} could not be hashed ({}); it stays listed without a hash", next.key(), e.toString());
        }
        boolean last = unhashed.isEmpty();
        if (sha != null) {
            staged.put(next.path(), next.hashed(sha));
        }
        if (last || System.currentTimeMillis() - lastPublish >= PUBLISH_MILLIS) {
            publishHashes();
        }
        if (last) {
            cache.save(catalogue.files());
        } else {
            worker.execute(this::hashNext);
        }
    }

    private void publishHashes() {
        if (staged.isEmpty()) {
            return;
        }
        List<SharedFile> files = new ArrayList<>(catalogue.count());
        for (SharedFile f : catalogue.files()) {
            SharedFile hashed = staged.get(f.path());
            files.add(hashed != null && f.sha256() == null && hashed.sameAs(f) ? hashed : f);
        }
        staged.clear();
        publish(new Catalogue(files));
    }

    private void publish(Catalogue next) {
        catalogue = next;
        lastPublish = System.currentTimeMillis();
        for (Consumer<Catalogue> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                log.warn("share: a catalogue listener failed", e);
            }
        }
    }

    /** Worker thread: every listed folder is watched, folders gone are not. */
    private void watchFolders(List<Path> folders) {
        Set<Path> now = new HashSet<>(folders);
        watched.entrySet().removeIf(e -> {
            if (now.contains(e.getKey())) {
                return false;
            }
            e.getValue().cancel();
            return true;
        });
        for (Path folder : folders) {
            if (!watched.containsKey(folder)) {
                try {
                    watched.put(folder, folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
                } catch (IOException | ClosedWatchServiceException e) {
                    log.info("share: {} is not watched ({}); its changes show at the next scan", folder, e.toString());
                }
            }
        }
    }

    private void watchLoop() {
        try {
            while (!closed) {
                WatchKey key = watch.take();
                key.pollEvents(); // which file does not matter: a scan compares the whole folder
                key.reset();
                rescanSoon();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** A scan after SETTLE_MILLIS without a further change (each change moves it back). */
    private void rescanSoon() {
        if (closed) {
            return;
        }
        worker.execute(() -> {
            if (pendingScan != null) {
                pendingScan.cancel(false);
            }
            pendingScan = worker.schedule(() -> {
                try {
                    scan();
                } catch (IOException | RuntimeException e) {
                    log.warn("share: scanning {} failed ({}); the last catalogue stays", root, e.toString());
                }
            }, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            log.debug("share: closing the watch service", e);
        }
        watcher.interrupt();
        worker.shutdownNow();
        serving.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
