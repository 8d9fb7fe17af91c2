package io.peerhub.server.hostile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /healthz} asked while an attack runs. A node that stopped answering fails a check and its
 * immediate retry on a new connection; one failed exchange answered at once on retry is a blip of
 * the client side (a reused connection closed under it, a scheduling stall of the harness on two
 * cores), kept apart and reported with its reason, so a real stall is never mistaken for one.
 */
final class HealthProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI uri;
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong slowestMs = new AtomicLong();
    private final List<String> blips = new CopyOnWriteArrayList<>();
    private volatile HttpClient client = newClient();

    HealthProbe(String baseUrl) {
        this.uri = URI.create(baseUrl + "/healthz");
    }

    /** One check: an answer other than 200, from the first try and from a retry on a fresh connection, is a failure. */
    void check() {
        checks.incrementAndGet();
        long t = System.nanoTime();
        String first = ask();
        slowestMs.accumulateAndGet((System.nanoTime() - t) / 1_000_000, Math::max);
        if (first == null) {
            return;
        }
        client = newClient();
        long r = System.nanoTime();
        String retry = ask();
        if (retry == null) {
            blips.add(String.format(Locale.ROOT, "%s after %d ms, retry 200 in %d ms", first,
                    (r - t) / 1_000_000, (System.nanoTime() - r) / 1_000_000));
        } else {
            failures.incrementAndGet();
            blips.add(first + "; retry: " + retry);
        }
    }

    int checks() {
        return checks.get();
    }

    /** Checks whose retry failed too: the node did not answer. */
    int failures() {
        return failures.get();
    }

    long slowestMs() {
        return slowestMs.get();
    }

    /** Every failed exchange, with its reason. */
    List<String> blips() {
        return List.copyOf(blips);
    }

    /** Null for a 200, else what went wrong. */
    private String ask() {
        try {
            int status = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? null : "status " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }
}
