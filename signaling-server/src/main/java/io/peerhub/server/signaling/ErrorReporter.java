package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.ProtocolException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends errors to clients; the one place that logs them, one line each. */
final class ErrorReporter {

    private static final Logger log = LoggerFactory.getLogger(ErrorReporter.class);

    void send(Client client, ProtocolException error) {
        send(client, client.toString(), error);
    }

    /** {@code peer} names the client in the log when the client itself no longer knows its peer id. */
    void send(Client client, String peer, ProtocolException error) {
        // Error messages are written by this server and never echo client input: safe to log.
        log.info("error code={} peer={} ref={} message=\"{}\"", error.code(), peer, error.ref(), error.getMessage());
        client.send(error.toMessage());
    }

    /** A bug: logged in full with a reference the client is given, so a report can be matched to it. */
    void internal(Client client, String ref, RuntimeException bug) {
        String reference = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
        log.error("internal error reference={} peer={} ref={}", reference, client, ref, bug);
        send(client, new ProtocolException(ErrorCode.INTERNAL, "internal error, reference " + reference, ref));
    }
}
