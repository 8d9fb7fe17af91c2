package io.peerhub.peer;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * The one webrtc-java {@link PeerConnectionFactory} of the process. One factory for the life of
 * the process: each factory costs native threads, and RSS grows ~0.2 MiB per connect/close cycle
 * that dispose does not return. The default constructor aborts the JVM on a machine without a
 * sound device, hence the headless audio module.
 *
 * <p>Dispose order matters (disposing the factory before its peer connections segfaults the
 * JVM): close every {@link PeerLink} first, then {@link #close()} this.
 */
public final class RtcRuntime implements AutoCloseable {

    private final AudioDeviceModuleBase audio;
    private final PeerConnectionFactory factory;
    private boolean closed;

    public RtcRuntime() {
        audio = new HeadlessAudioDeviceModule();
        factory = new PeerConnectionFactory(audio);
    }

    PeerConnectionFactory factory() {
        return factory;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        factory.dispose();
        audio.dispose();
    }
}
