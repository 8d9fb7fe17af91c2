package io.peerhub.e2e.trust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.e2e.trust.Pipe.Frame;
import io.peerhub.peer.mesh.DataChannel;
import io.peerhub.peer.mesh.Link;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the hostile relay puts between two pages A and B instead of their peer connection: a
 * webrtc-java connection to A that poses as B, one to B that poses as A, and a bridge between
 * them. Each page negotiates with the relay exactly as it would with the other page (perfect
 * negotiation, politeness from the ids it believes it talks to), so the relay answers the
 * impolite page's offer and offers to the polite page itself; its candidates are its own. Every
 * message on one side is handed to the {@link Wiretap}, then sent on the other side; a channel a
 * page opens is opened with the same label on the other side, and bridged the same way.
 *
 * <p>The connections are the Java peer's own ({@code RtcRuntime} links: the same negotiation as
 * the browser's and the project's careful channel disposal), used here as any operator could use
 * a WebRTC library. Forwarding runs on one thread per splice, which keeps each channel's order.
 */
final class SplicedConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SplicedConnection.class);
    /** Loopback only: the relay's candidates are the machine's own host addresses. */
    private static final List<io.peerhub.protocol.IceServer> NO_ICE_SERVERS = List.of();
    private static final String CONTROL_LABEL = "peerhub";

    private final Wiretap tap;
    private final ScheduledExecutorService forwarder;
    private final Leg toA;
    private final Leg toB;

    /** How the relay's handshake data reaches a page: as a {@code signal} from {@code from}. */
    interface Signals {
        void toPage(String page, String from, ObjectNode data);
    }

    SplicedConnection(Link.Factory rtc, String a, String b, Wiretap tap, Signals signalDown) {
        this.tap = tap;
        this.forwarder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mitm-splice-" + a.substring(0, 4) + "-" + b.substring(0, 4));
            t.setDaemon(true);
            return t;
        });
        this.toA = new Leg(a, b, signalDown);
        this.toB = new Leg(b, a, signalDown);
        toA.other = toB;
        toB.other = toA;
        toA.open(rtc);
        toB.open(rtc);
    }

    /** Handshake data page {@code from} sent to the peer the relay poses as. */
    void fromPage(String from, ObjectNode data) {
        Leg leg = from.equals(toA.page) ? toA : toB;
        try {
            leg.link.handleSignal(io.peerhub.protocol.peer.SignalData.parse(data));
        } catch (io.peerhub.protocol.peer.PeerProtocolException e) {
            log.debug("signal from {} dropped: {}", from, e.getMessage());
        }
    }

    boolean involves(String peerId) {
        return toA.page.equals(peerId) || toB.page.equals(peerId);
    }

    /** Closes both connections (their channels first, as links do), then the forwarding thread. */
    @Override
    public void close() {
        toA.close();
        toB.close();
        forwarder.shutdownNow();
        try {
            forwarder.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The relay's connection to one page, posing as the other. */
    private final class Leg implements Link.Sink {
        final String page;
        final String posingAs;
        /** Control-channel messages from the other page, on their way to this one. */
        final Pipe controlIn;
        private final Signals signalDown;
        Leg other;
        volatile Link link;

        Leg(String page, String posingAs, Signals signalDown) {
            this.page = page;
            this.posingAs = posingAs;
            this.signalDown = signalDown;
            this.controlIn = new Pipe(CONTROL_LABEL + " to " + page, forwarder);
        }

        void open(Link.Factory rtc) {
            Link made = rtc.open(posingAs, page, NO_ICE_SERVERS, this);
            link = made;
            controlIn.connect(new Pipe.Outlet() {
                @Override
                public boolean send(Frame frame) {
                    return !frame.binary() && made.send(new String(frame.bytes(), StandardCharsets.UTF_8));
                }

                @Override
                public long bufferedAmount() {
                    return 0; // control messages are small; the link does not say
                }
            });
        }

        @Override
        public void signal(io.peerhub.protocol.peer.SignalData data) {
            signalDown.toPage(page, posingAs, data.toJson());
        }

        @Override
        public void controlOpen(Link link) {
            controlIn.opened();
        }

        @Override
        public void controlMessage(Link link, byte[] utf8) {
            tap.text(CONTROL_LABEL, page, posingAs, new String(utf8, StandardCharsets.UTF_8), utf8.length);
            other.controlIn.push(new Frame(false, utf8));
        }

        @Override
        public void state(Link link, Link.State state) {
            log.debug("relay leg to {} (posing as {}): {}", page, posingAs, state);
        }

        @Override
        public void remoteChannel(Link link, DataChannel fromPage) {
            // Opening blocks until webrtc made the channel: not on this link's thread.
            onForwarder(() -> {
                DataChannel toOther;
                try {
                    toOther = other.link.openChannel(fromPage.label());
                } catch (RuntimeException e) {
                    log.debug("could not open {} towards {}: {}", fromPage.label(), other.page, e.toString());
                    fromPage.dispose();
                    return;
                }
                bridge(fromPage, page, toOther, other.page);
            });
        }

        void close() {
            controlIn.close();
            Link l = link;
            if (l != null) {
                l.close();
            }
        }
    }

    /** Joins two channels both ways: {@code x} is the relay's channel to page {@code xPage}. */
    private void bridge(DataChannel x, String xPage, DataChannel y, String yPage) {
        String label = x.label();
        Pipe toX = new Pipe(label + " to " + xPage, forwarder);
        Pipe toY = new Pipe(label + " to " + yPage, forwarder);
        toX.connect(outlet(x));
        toY.connect(outlet(y));
        x.handler(tapping(label, xPage, yPage, toX, toY, y));
        y.handler(tapping(label, yPage, xPage, toY, toX, x));
    }

    /**
     * The handler of the relay's channel to page {@code from}: what arrives is read, then sent on
     * to {@code to}; when this side opens, what waited for it goes out; when it closes, so does
     * the other side (a page that ends a transfer closes its channel).
     */
    private DataChannel.Handler tapping(String label, String from, String to, Pipe toFrom, Pipe toTo,
                                        DataChannel otherSide) {
        return new DataChannel.Handler() {
            @Override
            public void open() {
                toFrom.opened();
            }

            @Override
            public void closed() {
                toFrom.close();
                onForwarder(otherSide::dispose);
            }

            @Override
            public void text(byte[] utf8) {
                tap.text(label, from, to, new String(utf8, StandardCharsets.UTF_8), utf8.length);
                toTo.push(new Frame(false, utf8));
            }

            @Override
            public void binary(byte[] frame) {
                tap.binary(label, from, to, frame.length);
                toTo.push(new Frame(true, frame));
            }
        };
    }

    private void onForwarder(Runnable task) {
        try {
            forwarder.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the links dispose every channel themselves
        }
    }

    private static Pipe.Outlet outlet(DataChannel channel) {
        return new Pipe.Outlet() {
            @Override
            public boolean send(Frame frame) {
                return frame.binary()
                        ? channel.sendBinary(ByteBuffer.wrap(frame.bytes()))
                        : channel.sendText(new String(frame.bytes(), StandardCharsets.UTF_8));
            }

            @Override
            public long bufferedAmount() {
                return channel.bufferedAmount();
            }
        };
    }
}
