package io.peerhub.peer.cli;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.mesh.ConnectionPath;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.transfer.send.OutgoingTransfer;
import io.peerhub.peer.transfer.send.PolicyRefusedException;
import io.peerhub.peer.transfer.send.SendOutcome;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.peer.DirectText;
import io.peerhub.protocol.peer.PeerProtocolException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Sends files (or folders) to the peer called NAME and waits until the receiver verified each one; "
                + "--text sends a text to that peer alone (shown as direct in its chat) before any files.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:every file arrived and its SHA-256 verified (and the text, if any, arrived)",
            "1:a file failed verification, the transfer was cancelled or interrupted for good, or the text was not shown to arrive",
            "2:bad options",
            "3:the receiver refused the offer (the reason is printed)",
            "4:no connected peer called NAME within --wait",
            "5:a local file could not be read",
            "6:the hub's policy does not let a file be sent (which, and why, is printed; nothing was offered)"})
final class SendCommand implements Callable<Integer> {

    static final int VERIFIED = 0;
    static final int FAILED = 1;
    static final int REFUSED = 3;
    static final int NO_PEER = 4;
    static final int LOCAL_ERROR = 5;
    static final int POLICY = 6;

    @Mixin
    RoomOptions room;

    @Mixin
    IdentityOptions identity;

    @Option(names = "--to", required = true, defaultValue = "${env:PEERHUB_TO}",
            description = "Display name of the receiving peer (env PEERHUB_TO).")
    String to;

    @Option(names = "--name", defaultValue = "${env:PEERHUB_NAME:-Java sender}",
            description = "My display name (env PEERHUB_NAME; default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--wait", defaultValue = "${env:PEERHUB_WAIT:-60}",
            description = "Seconds to wait for the receiver to be connected (env PEERHUB_WAIT; default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Option(names = "--resume-window", defaultValue = "${env:PEERHUB_RESUME_WINDOW:-300}",
            description = "Seconds to wait for an interrupted receiver to come back and resume "
                    + "(env PEERHUB_RESUME_WINDOW; default: ${DEFAULT-VALUE}).")
    long resumeSeconds;

    @Option(names = "--text", defaultValue = "${env:PEERHUB_TEXT}",
            description = "A text for NAME alone, 1-4,000 characters (env PEERHUB_TEXT). The command waits until NAME "
                    + "has handled it (a round trip behind it); from a Java peer that keeps no history, until it left this machine.")
    String text;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Files or folders to send.")
    List<Path> files = List.of();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (text == null && files.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give files to send, or --text, or both");
        }
        if (text != null) {
            try {
                new DirectText("check", text, 0);
            } catch (PeerProtocolException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--text must be 1-4,000 characters");
            }
        }
        Shutdown shutdown = new Shutdown();
        try (PeerNode node = new PeerNode(new RtcRuntime(), true, room.address(), name, ClientKind.NATIVE,
                identity.load(), (from, chat) -> { }, Duration.ofSeconds(resumeSeconds))) {
            TextDelivery delivery = new TextDelivery(node.mesh().router());
            node.start();
            Optional<RemotePeer> peer = node.awaitPeer(to, Duration.ofSeconds(waitSeconds));
            if (peer.isEmpty()) {
                System.err.println("send: no connected peer called \"" + to + "\" within " + waitSeconds + " s");
                return NO_PEER;
            }
            System.out.println("path: " + pathOf(peer.get()));
            if (text != null && !sendText(delivery, peer.get())) {
                return FAILED;
            }
            if (files.isEmpty()) {
                return VERIFIED;
            }
            OutgoingTransfer transfer;
            try {
                transfer = node.sender().send(peer.get(), files);
            } catch (PolicyRefusedException e) {
                for (String why : e.refusals()) {
                    System.err.println("send: not sent: " + Terminal.plain(why));
                }
                if (!e.notice().isEmpty()) {
                    System.err.println("send: the hub says: " + Terminal.plain(e.notice()));
                }
                return POLICY;
            } catch (IOException e) {
                System.err.println("send: " + e.getMessage());
                return LOCAL_ERROR;
            }
            SendOutcome outcome = null;
            while (outcome == null && !shutdown.requested()) {
                try {
                    outcome = transfer.outcome().get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // keep waiting
                }
            }
            if (outcome == null) {
                System.err.println("send: stopped before the transfer finished");
                return FAILED;
            }
            for (int i = 0; i < outcome.files().size(); i++) {
                // The hash goes last, after two spaces: a name may hold spaces, a hash does not.
                System.out.println(outcome.verified()[i]
                        ? "verified  " + outcome.files().get(i) + "  sha256 " + outcome.sha256().get(i)
                        : "NOT verified  " + outcome.files().get(i));
            }
            return switch (outcome.status()) {
                case VERIFIED -> VERIFIED;
                case REFUSED -> {
                    System.err.println("send: refused by " + to + ": " + outcome.reason()
                            + (outcome.message() == null ? "" : " (" + Terminal.plain(outcome.message()) + ")"));
                    yield REFUSED;
                }
                default -> {
                    System.err.println("send: " + outcome.status().name().toLowerCase() + ": "
                            + (outcome.message() == null ? "" : Terminal.plain(outcome.message())));
                    yield FAILED;
                }
            };
        }
    }

    /** Sends the text and reports, in words, whether it arrived (see {@link TextDelivery}). */
    private boolean sendText(TextDelivery delivery, RemotePeer peer) throws InterruptedException {
        long timeoutMillis = TimeUnit.SECONDS.toMillis(Math.max(10, Math.min(waitSeconds, 60)));
        switch (delivery.send(peer, text, timeoutMillis)) {
            case DELIVERED -> System.out.println("text sent to " + to + " (it arrived)");
            case LEFT_THIS_MACHINE -> System.out.println("text sent to " + to + " (it left this machine; a peer that keeps no history sends no receipt)");
            case NOT_VERIFIED -> {
                System.err.println("send: " + to + " did not accept this peer's hello within " + timeoutMillis / 1000 + " s; the text was not sent");
                return false;
            }
            case NOT_SENT -> {
                System.err.println("send: the text could not be sent to " + to);
                return false;
            }
            case NOT_CONFIRMED -> {
                System.err.println("send: the text was sent to " + to + " but no answer came within " + timeoutMillis / 1000 + " s to show it arrived");
                return false;
            }
        }
        return true;
    }

    /** "direct (host <-> host, udp, rtt 1 ms)": how the connection to the receiver runs. */
    private static String pathOf(RemotePeer peer) throws InterruptedException {
        try {
            return peer.path().get(5, TimeUnit.SECONDS).map(ConnectionPath::describe).orElse("not known");
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            return "not known";
        }
    }
}
