package io.peerhub.peer.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.peerhub.peer.mesh.Link;
import io.peerhub.protocol.IceServer;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one webrtc-java {@link PeerConnectionFactory} of the process, and the maker of every mesh's
 * links. One factory for the life of the process: each factory costs native threads, and RSS
 * grows ~0.2 MiB per connect/close cycle that dispose does not return. The default constructor
 * aborts the JVM on a machine without a sound device, hence the headless audio module.
 *
 * <p>Dispose order matters (disposing the factory before its peer connections segfaults the
 * JVM): close every mesh first (which closes its links), then {@link #close()} this.
 */
public final class RtcRuntime implements Link.Factory, AutoCloseable {

    private final AudioDeviceModuleBase audio;
    private final PeerConnectionFactory factory;
    /** The links' grace timers (a polite link waits a moment before it offers). */
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-link-timers");
        t.setDaemon(true);
        return t;
    });
    private boolean closed;

    public RtcRuntime() {
        audio = new HeadlessAudioDeviceModule();
        factory = new PeerConnectionFactory(audio);
    }

    PeerConnectionFactory factory() {
        return factory;
    }

    @Override
    public Link open(String selfId, String peerId, List<IceServer> iceServers, Link.Sink sink) {
        return new PeerLink(factory, timers, selfId, peerId, iceServers, sink, false);
    }

    @Override
    public Link openOffering(String selfId, String peerId, List<IceServer> iceServers, Link.Sink sink) {
        return new PeerLink(factory, timers, selfId, peerId, iceServers, sink, true);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.shutdownNow();
        factory.dispose();
        audio.dispose();
    }
}
