package io.peerhub.peer.cli;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.share.Library;
import io.peerhub.peer.transfer.Sizes;
import io.peerhub.protocol.ClientKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "share", mixinStandardHelpOptions = true,
        description = {"Shares a folder with the room: peers browse and search its files and pull what they need, "
                + "over data channels (the signaling server sees no name and no query). Lists the regular files under "
                + "DIR reached through no link, skipping dotfiles and dot-folders; keeps the list current as DIR "
                + "changes. Runs until SIGTERM/SIGINT."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM/SIGINT", "1:could not start (e.g. DIR not a folder)", "2:bad options"})
final class ShareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RoomOptions room;

    @Mixin
    IdentityOptions identity;

    @Mixin
    ShareOptions share;

    @Option(names = "--dir", required = true, defaultValue = "${env:PEERHUB_SHARE}",
            description = "Folder to share (env PEERHUB_SHARE).")
    Path dir;

    @Option(names = "--name", defaultValue = "${env:PEERHUB_NAME:-Shared files}",
            description = "Display name in the room (env PEERHUB_NAME; default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        Shutdown shutdown = new Shutdown();
        Predicate<RemotePeer> audience = share.audience(spec);
        DeviceIdentity me = identity.load();
        RtcRuntime rtc = new RtcRuntime();
        try (Library library = share.open(dir);
             PeerNode node = new PeerNode(rtc, true, room.address(), name, ClientKind.NATIVE, me,
                     (from, chat) -> { }, Duration.ofMinutes(5))) {
            node.share(library, audience).start();
            System.err.println("peerhub share: sharing " + library.catalogue().count() + " file(s), "
                    + Sizes.format(library.catalogue().bytes()) + " from " + library.root() + "; stop with SIGTERM");
            shutdown.await();
            System.err.println("peerhub share: stopping");
        }
        return 0;
    }
}
