package io.peerhub.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/**
 * For operators and load balancers: {@code /healthz} (the process answers), {@code /readyz}
 * (send it users: 503 while Redis is unreachable or the node drains, with the reason in JSON) and
 * {@code /metrics} (Prometheus text format).
 */
public final class OpsRoutes {

    /** Why the node is not ready, or null when it is. */
    private final Supplier<String> notReadyReason;
    private final PrometheusMeterRegistry metrics;

    public OpsRoutes(Supplier<String> notReadyReason, PrometheusMeterRegistry metrics) {
        this.notReadyReason = notReadyReason;
        this.metrics = metrics;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/readyz", ctx -> {
            String reason = notReadyReason.get();
            noStore(ctx);
            if (reason == null) {
                ctx.contentType("application/json").result("{\"status\":\"ready\"}");
            } else {
                // The reason is one of this server's own constant strings: no escaping needed.
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE).contentType("application/json")
                        .result("{\"status\":\"degraded\",\"reason\":\"" + reason + "\"}");
            }
        });
        routes.get("/metrics", ctx -> {
            noStore(ctx);
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
    }

    private static void noStore(Context ctx) {
        SecurityHeaders.common(ctx);
        ctx.header("Cache-Control", "no-store");
    }
}
