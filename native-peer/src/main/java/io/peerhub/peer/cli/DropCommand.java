package io.peerhub.peer.cli;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.ReceivedTexts;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.share.Library;
import io.peerhub.peer.transfer.PolicyInForce;
import io.peerhub.peer.transfer.Sizes;
import io.peerhub.peer.transfer.receive.FileReceiver;
import io.peerhub.peer.transfer.receive.Lifetimes;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Durations;
import io.peerhub.protocol.peer.TransferIds;
import io.peerhub.protocol.policy.HubPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "drop", mixinStandardHelpOptions = true,
        description = {"Runs an always-on file drop: shows in the room as a drop box, accepts files on its own "
                + "and saves each one into DIR once its SHA-256 verified. Runs until SIGTERM/SIGINT."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM/SIGINT", "1:could not start (e.g. DIR not writable)", "2:bad options"})
final class DropCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RoomOptions room;

    @Mixin
    IdentityOptions identity;

    @Option(names = "--dir", required = true, defaultValue = "${env:PEERHUB_DIR}",
            description = "Folder received files are saved into (env PEERHUB_DIR).")
    Path dir;

    @Option(names = "--name", defaultValue = "${env:PEERHUB_NAME:-Drop box}",
            description = "Display name in the room (env PEERHUB_NAME; default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--accept-from", split = ",", defaultValue = "${env:PEERHUB_ACCEPT_FROM}", paramLabel = "DEVICE",
            description = "Accept only from these devices (repeat or comma-separate their 22-character device ids, "
                    + "as a browser's Details view or `peerhub-peer whoami` shows them; env PEERHUB_ACCEPT_FROM). "
                    + "Others, whatever name they use, are declined with reason not-allowed. Default: every verified peer.")
    List<String> acceptFrom;

    @Option(names = "--max-file-size", defaultValue = "${env:PEERHUB_MAX_FILE_SIZE}",
            description = "Largest file accepted, e.g. 2GiB (env PEERHUB_MAX_FILE_SIZE). Default: no limit.")
    String maxFileSize;

    @Option(names = "--quota", defaultValue = "${env:PEERHUB_QUOTA}",
            description = "Most bytes DIR may hold, e.g. 50GiB (env PEERHUB_QUOTA). Default: no limit "
                    + "(free disk space is always checked).")
    String quota;

    @Option(names = "--unstarted-lifetime", defaultValue = "${env:PEERHUB_UNSTARTED_LIFETIME:-2m}",
            description = "How long an accepted transfer that has sent no byte stays staged, e.g. 2m "
                    + "(env PEERHUB_UNSTARTED_LIFETIME; default: ${DEFAULT-VALUE}).")
    String unstartedLifetime;

    @Option(names = "--unfinished-lifetime", defaultValue = "${env:PEERHUB_UNFINISHED_LIFETIME:-24h}",
            description = "How long a transfer that stopped part-way is kept in DIR/.partial for its sender to resume, "
                    + "counted from its last progress (env PEERHUB_UNFINISHED_LIFETIME; default: ${DEFAULT-VALUE}).")
    String unfinishedLifetime;

    @Option(names = "--texts", defaultValue = "${env:PEERHUB_TEXTS}", paramLabel = "FILE",
            description = "Save texts sent to this drop (Send text) to FILE, one JSON line each (env PEERHUB_TEXTS).")
    Path texts;

    @Option(names = "--max-texts-size", defaultValue = "${env:PEERHUB_MAX_TEXTS_SIZE:-16MiB}",
            description = "Largest the --texts file grows to; texts past it are refused (env PEERHUB_MAX_TEXTS_SIZE; "
                    + "default: ${DEFAULT-VALUE}).")
    String maxTextsSize;

    @Option(names = "--print-identity", description = "Print this drop's device id at start.")
    boolean printIdentity;

    @Option(names = "--share", defaultValue = "${env:PEERHUB_SHARE}", paramLabel = "DIR",
            description = "Also share DIR with the room, as `share --dir DIR` does: one always-on peer both inbox and "
                    + "library (env PEERHUB_SHARE). It may be the drop's own folder: its .partial/ is never listed.")
    Path shareDir;

    @Mixin
    ShareOptions share;

    @Mixin
    LocalPolicyOptions ownPolicy;

    @Override
    public Integer call() throws Exception {
        Shutdown shutdown = new Shutdown();
        InboxWriter inbox = new InboxWriter(dir);
        long max = maxFileSize == null ? Quota.UNLIMITED : Sizes.parse(maxFileSize);
        long q = quota == null ? Quota.UNLIMITED : Sizes.parse(quota);
        Set<String> allowed = acceptFrom == null ? null : Set.copyOf(acceptFrom.stream().map(String::trim).toList());
        if (allowed != null) {
            for (String device : allowed) {
                if (!TransferIds.isValid(device)) {
                    // Names are anyone's to claim: only a device id, which a peer must prove, says who sends.
                    throw new ParameterException(spec.commandLine(), "--accept-from takes device ids (22 characters of "
                            + "A-Z a-z 0-9 _ -), not names: '" + device + "' is not one");
                }
            }
        }
        HubPolicy local = ownPolicy.policy(spec);
        Lifetimes lifetimes;
        try {
            lifetimes = new Lifetimes(Durations.parse(unstartedLifetime), Durations.parse(unfinishedLifetime));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        FileReceiver receiver = new FileReceiver(inbox, new Quota(inbox.dir(), max, q),
                p -> allowed == null || allowed.contains(p.device()), new FileReceiver.Events() {}, lifetimes,
                Clock.systemUTC()).policy(PolicyInForce.NONE.withLocal(local));
        if (!local.equals(HubPolicy.OPEN)) {
            System.err.println("peerhub drop: own policy, on top of the hub's: " + local.toJson());
        }
        DeviceIdentity me = identity.load();
        if (printIdentity) {
            System.err.println("peerhub drop: device id " + me.deviceId());
        }
        var audience = share.audience(spec);
        Library library = shareDir == null ? null : share.open(shareDir);
        RtcRuntime rtc = new RtcRuntime();
        try (library; PeerNode node = new PeerNode(rtc, true, room.address(), name, ClientKind.DROP, me,
                (from, chat) -> { }, Duration.ofMinutes(5))) {
            if (library != null) {
                node.share(library, audience);
                System.err.println("peerhub drop: sharing " + library.catalogue().count() + " file(s) from "
                        + library.root());
            }
            if (texts != null) {
                ReceivedTexts saved = new ReceivedTexts(texts, Sizes.parse(maxTextsSize), Clock.systemUTC());
                node.chat().onDirect(saved::save);
                System.err.println("peerhub drop: saving texts to " + saved.path());
            }
            node.receiveWith(receiver).start();
            System.err.println("peerhub drop: saving into " + inbox.dir() + "; stop with SIGTERM");
            shutdown.await();
            System.err.println("peerhub drop: stopping");
        }
        return 0;
    }
}
