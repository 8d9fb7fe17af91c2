package io.peerhub.server.signaling;

import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.Leave;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.Rename;
import io.peerhub.protocol.SignalTo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The signaling logic, composed: rooms, handlers, heartbeat and resume window behind one {@link Dispatcher}. */
public final class Signaling implements AutoCloseable {

    private static final Pong PONG = new Pong();

    private final Clients clients = new Clients();
    private final RoomRegistry registry = new RoomRegistry();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-timers");
        t.setDaemon(true);
        return t;
    });
    private final Dispatcher dispatcher;
    private final Heartbeat heartbeat;

    /** The settings of {@code io.peerhub.server.ServerConfig} that the logic uses. */
    public record Settings(List<IceServer> iceServers, int maxPeersPerRoom, Duration heartbeatInterval,
                           Duration heartbeatTimeout, Duration resumeWindow, double rateLimitPerSecond,
                           int rateLimitBurst) {}

    public Signaling(Settings settings) {
        ErrorReporter errors = new ErrorReporter();
        ResumeWindow resumeWindow = new ResumeWindow(registry, scheduler, settings.resumeWindow());
        Departures departures = new Departures(registry, resumeWindow, errors, clients);
        Handlers handlers = new Handlers()
                .on(Join.class, new JoinHandler(registry, departures, settings.iceServers(),
                        settings.heartbeatInterval().toMillis(), settings.maxPeersPerRoom()))
                .on(Rename.class, new RenameHandler())
                .on(SignalTo.class, new SignalRelay())
                .on(Ping.class, (client, ping) -> client.send(PONG))
                .on(Pong.class, (client, pong) -> {}) // the dispatcher already counted it as a sign of life
                .on(Leave.class, (client, leave) -> departures.left(client));
        dispatcher = new Dispatcher(new MessageCodec(), handlers, errors, departures, clients,
                settings.rateLimitPerSecond(), settings.rateLimitBurst());
        heartbeat = new Heartbeat(clients, departures, settings.heartbeatInterval(), settings.heartbeatTimeout());
    }

    public void start() {
        heartbeat.start(scheduler);
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public Clients clients() {
        return clients;
    }

    public RoomRegistry rooms() {
        return registry;
    }

    /** Stops the timers. Sockets are the transport's to close. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
