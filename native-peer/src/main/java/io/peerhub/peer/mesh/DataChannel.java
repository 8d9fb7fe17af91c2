package io.peerhub.peer.mesh;

import java.nio.ByteBuffer;

/**
 * One data channel to a peer, as the features above the mesh use it (control, transfers,
 * documents). webrtc's is {@code rtc.ChannelPort}; tests use an in-memory pair. Whatever the
 * implementation, a channel keeps these promises:
 * <ul>
 *   <li>messages that arrive before a {@link Handler} is attached are held and given to it, in
 *       order, when it is; attaching a handler to a channel that is already open calls
 *       {@link Handler#open()}, and to one the far end or the connection already closed calls
 *       {@link Handler#closed()} (a channel refused at once must not leave its opener waiting);</li>
 *   <li>the handler is called on the channel's own thread, one message at a time, and may block
 *       briefly (that is how a slow disk slows the sender down), but must never call back into
 *       a webrtc connection;</li>
 *   <li>{@link #dispose()} is idempotent, drops the handler, and the far end sees
 *       {@link Handler#closed()} after the messages already sent.</li>
 * </ul>
 */
public interface DataChannel {

    /** What a channel reports; see the interface comment for the thread. */
    interface Handler {
        void open();

        void closed();

        void text(byte[] utf8);

        void binary(byte[] frame);
    }

    String label();

    void handler(Handler handler);

    boolean isOpen();

    /** Bytes handed to the channel and not yet sent: senders keep it under a watermark. */
    long bufferedAmount();

    boolean sendText(String text);

    /** Sends {@code frame} from its position to its limit; the buffer may be reused on return. */
    boolean sendBinary(ByteBuffer frame);

    void dispose();
}
