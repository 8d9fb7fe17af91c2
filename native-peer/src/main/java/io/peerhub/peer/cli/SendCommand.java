package io.peerhub.peer.cli;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.transfer.send.OutgoingTransfer;
import io.peerhub.peer.transfer.send.SendOutcome;
import io.peerhub.protocol.ClientKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Sends files (or folders) to the peer called NAME and waits until the receiver verified each one.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:every file arrived and its SHA-256 verified",
            "1:a file failed verification, or the transfer was cancelled or interrupted for good",
            "2:bad options",
            "3:the receiver refused the offer (the reason is printed)",
            "4:no connected peer called NAME within --wait",
            "5:a local file could not be read"})
final class SendCommand implements Callable<Integer> {

    static final int VERIFIED = 0;
    static final int FAILED = 1;
    static final int REFUSED = 3;
    static final int NO_PEER = 4;
    static final int LOCAL_ERROR = 5;

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

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files or folders to send.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        Shutdown shutdown = new Shutdown();
        try (PeerNode node = new PeerNode(new RtcRuntime(), true, room.address(), name, ClientKind.NATIVE,
                identity.load(), (from, chat) -> { }, Duration.ofSeconds(resumeSeconds))) {
            node.start();
            Optional<RemotePeer> peer = node.awaitPeer(to, Duration.ofSeconds(waitSeconds));
            if (peer.isEmpty()) {
                System.err.println("send: no connected peer called \"" + to + "\" within " + waitSeconds + " s");
                return NO_PEER;
            }
            OutgoingTransfer transfer;
            try {
                transfer = node.sender().send(peer.get(), files);
            } catch (IOException e) {
                System.err.println("send: " + e.getMessage());
                return LOCAL_ERROR;
            }
            SendOutcome outcome = null;
            while (outcome == null && !shutdown.requested()) {
                try {
                    outcome = transfer.outcome().get(200, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // keep waiting
                }
            }
            if (outcome == null) {
                System.err.println("send: stopped before the transfer finished");
                return FAILED;
            }
            for (int i = 0; i < outcome.files().size(); i++) {
                System.out.println((outcome.verified()[i] ? "verified  " : "NOT verified  ") + outcome.files().get(i));
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
}
