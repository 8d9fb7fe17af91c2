package io.peerhub.server.policy;

import io.peerhub.protocol.policy.HubPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub policy file, read at start-up (a mistake stops the server) and read again whenever its
 * bytes change. A valid change is handed to {@code onChange}; a broken one is logged and the policy
 * in force stays, so a typo made while editing never opens the hub up.
 *
 * <p>It compares the file's bytes on a timer instead of using a {@code WatchService}: editors that
 * write a new file and rename it, and Kubernetes ConfigMaps that swap a symlink, are then seen the
 * same way as an edit in place, and a policy file is small enough to read every second.
 */
public final class PolicyWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyWatch.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final Path file;
    private final Consumer<HubPolicy> onChange;
    private volatile HubPolicy current;
    private byte[] lastBytes;
    private boolean lastBroken;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-policy");
        t.setDaemon(true);
        return t;
    });

    private PolicyWatch(Path file, HubPolicy initial, byte[] bytes, Consumer<HubPolicy> onChange) {
        this.file = file;
        this.current = initial;
        this.lastBytes = bytes;
        this.onChange = onChange;
    }

    /** Reads the file now, throwing {@link PolicyFileException} if it is wrong, then checks it every {@code interval}. */
    public static PolicyWatch start(Path file, Duration interval, Consumer<HubPolicy> onChange) {
        Objects.requireNonNull(onChange, "onChange");
        byte[] bytes = readBytes(file);
        HubPolicy initial = PolicyFile.read(file, bytes);
        PolicyWatch watch = new PolicyWatch(file, initial, bytes, onChange);
        long every = interval.toNanos();
        watch.timer.scheduleWithFixedDelay(watch::check, every, every, TimeUnit.NANOSECONDS);
        log.info("hub policy from {}: {}", file, initial.toJson());
        return watch;
    }

    /** The policy in force. */
    public HubPolicy current() {
        return current;
    }

    /** One look at the file; runs on the watch's own thread only. */
    void check() {
        byte[] bytes;
        try {
            bytes = readBytes(file);
        } catch (PolicyFileException e) {
            broken(null, e.getMessage());
            return;
        }
        if (Arrays.equals(bytes, lastBytes)) {
            return;
        }
        lastBytes = bytes;
        HubPolicy next;
        try {
            next = PolicyFile.read(file, bytes);
        } catch (PolicyFileException e) {
            broken(bytes, e.getMessage());
            return;
        }
        lastBroken = false;
        if (next.equals(current)) {
            return; // a comment or the layout changed, not the rules
        }
        current = next;
        log.info("hub policy changed, from {}: {}", file, next.toJson());
        try {
            onChange.accept(next);
        } catch (RuntimeException e) {
            log.error("could not tell the rooms about the new hub policy", e);
        }
    }

    private void broken(byte[] bytes, String why) {
        if (bytes != null) {
            lastBytes = bytes;
        }
        if (!lastBroken) {
            log.warn("{}; the hub keeps the policy it had", why);
        }
        lastBroken = true;
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyFileException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
