package io.peerhub.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The counters the signaling logic keeps. Every metric is explained in docs/operations.md; names
 * are Micrometer's (dots), which Prometheus shows with underscores and a {@code _total} suffix on
 * counters.
 */
public final class SignalingMetrics {

    private final MeterRegistry registry;
    private final Counter relayedLocal;
    private final Counter relayedRemote;
    private final Counter resumesLocal;
    private final Counter resumesRemote;
    private final Counter joins;
    private final Counter clusterEvents;
    private final Counter originRefused;
    private final Counter tooManyConnections;
    private final Counter tooManyJoins;
    private final Counter floodsCut;

    public SignalingMetrics(MeterRegistry registry) {
        this.registry = registry;
        relayedLocal = relayed("local");
        relayedRemote = relayed("remote");
        resumesLocal = resumes("local");
        resumesRemote = resumes("remote");
        joins = Counter.builder("peerhub.joins").description("Fresh joins (not resumes)").register(registry);
        clusterEvents = Counter.builder("peerhub.cluster.events.received")
                .description("Events received from other nodes").register(registry);
        originRefused = Counter.builder("peerhub.ws.origin.refused")
                .description("WebSocket upgrades refused (403) because a browser sent them from another site's page")
                .register(registry);
        tooManyConnections = addressRefused("connections");
        tooManyJoins = addressRefused("joins");
        floodsCut = Counter.builder("peerhub.floods.cut")
                .description("Connections closed (1008) for sending far past the rate limit").register(registry);
    }

    private Counter addressRefused(String limit) {
        return Counter.builder("peerhub.address.refused").tag("limit", limit)
                .description("Connections (too-many-connections) and joins (too-many-joins) refused by a per-address limit")
                .register(registry);
    }

    /** Counters that go nowhere, for code that runs without a metrics endpoint. */
    public static SignalingMetrics discarding() {
        return new SignalingMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter relayed(String path) {
        return Counter.builder("peerhub.signals.relayed").tag("path", path)
                .description("Signals relayed to a peer on this node (local) or through Redis to another node (remote)")
                .register(registry);
    }

    private Counter resumes(String from) {
        return Counter.builder("peerhub.resumes").tag("from", from)
                .description("Peers that resumed: their session was on this node (local) or another (remote)")
                .register(registry);
    }

    public void relayedLocal() {
        relayedLocal.increment();
    }

    public void relayedRemote() {
        relayedRemote.increment();
    }

    public void resumed(boolean fromAnotherNode) {
        (fromAnotherNode ? resumesRemote : resumesLocal).increment();
    }

    public void joined() {
        joins.increment();
    }

    /** A join refused before it was seated, by its error code (a bounded set: the enum). */
    public void joinRefused(io.peerhub.protocol.ErrorCode code) {
        registry.counter("peerhub.joins.refused", "code", code.wire()).increment();
    }

    /** A signal that was not delivered, and its sender told so, by error code (undeliverable, away-full). */
    public void signalRefused(io.peerhub.protocol.ErrorCode code) {
        registry.counter("peerhub.signals.refused", "code", code.wire()).increment();
    }

    public void left(String reason) {
        registry.counter("peerhub.leaves", "reason", reason).increment();
    }

    public void originRefused() {
        originRefused.increment();
    }

    public void tooManyConnections() {
        tooManyConnections.increment();
    }

    public void floodCutOff() {
        floodsCut.increment();
    }

    public void tooManyJoins() {
        tooManyJoins.increment();
    }

    /** An {@code ice-renew} answered with fresh servers, or refused ({@code too-many-renewals}). */
    public void iceRenewal(boolean answered) {
        registry.counter("peerhub.ice.renewals", "outcome", answered ? "answered" : "refused").increment();
    }

    public void clusterEvent() {
        clusterEvents.increment();
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A counter kept elsewhere (Lettuce error counts), read when scraped. */
    public <T> void counterFrom(String name, String description, T source, ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, source, count).description(description).register(registry);
    }
}
