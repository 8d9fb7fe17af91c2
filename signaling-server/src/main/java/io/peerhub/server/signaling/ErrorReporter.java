package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.ProtocolException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends errors to clients; the one place that logs them, one short line each and within a
 * budget, so that what a client sends never decides how much the node logs (docs/reliability.md,
 * "Log amplification").
 */
final class ErrorReporter {

    private static final Logger log = LoggerFactory.getLogger(ErrorReporter.class);

    /**
     * 50 lines a second, 200 at once: a busy node's honest errors (room-full, a few unknown-peer as
     * peers leave) stay far below; a flood of bad frames costs at most ~10 KB of log a second.
     */
    static final double ERROR_LINES_PER_SECOND = 50;
    static final int ERROR_LINES_BURST = 200;
    /** Stack traces are for bugs, and a bug an input triggers could otherwise be replayed at line rate. */
    static final double TRACES_PER_SECOND = 1.0 / 60;
    static final int TRACES_BURST = 5;

    private final LogBudget lines = new LogBudget(ERROR_LINES_PER_SECOND, ERROR_LINES_BURST);
    private final LogBudget traces = new LogBudget(TRACES_PER_SECOND, TRACES_BURST);

    void send(Client client, ProtocolException error) {
        send(client, client.toString(), error);
    }

    /** {@code peer} names the client in the log when the client itself no longer knows its peer id. */
    void send(Client client, String peer, ProtocolException error) {
        long suppressed = lines.take();
        if (suppressed >= 0) {
            // Error messages are written by this server and never echo client input: safe to log.
            log.info("error code={} peer={} ref={} message=\"{}\"{}", error.code(), peer, error.ref(), error.getMessage(),
                    suppressed > 0 ? " (" + suppressed + " error lines left out)" : "");
        }
        client.send(error.toMessage());
    }

    /**
     * A bug: logged with a reference the client is given, so a report can be matched to it; in
     * full (with its stack trace) within the trace budget, else in one line.
     */
    void internal(Client client, String ref, RuntimeException bug) {
        String reference = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
        long suppressed = traces.take();
        if (suppressed >= 0) {
            log.error("internal error reference={} peer={} ref={}", reference, client, ref, bug);
        } else {
            log.error("internal error reference={} peer={} ref={} {} (stack trace left out: too many lately)",
                    reference, client, ref, bug.getClass().getName());
        }
        send(client, new ProtocolException(ErrorCode.INTERNAL, "internal error, reference " + reference, ref));
    }
}
