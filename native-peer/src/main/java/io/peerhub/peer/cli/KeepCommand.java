package io.peerhub.peer.cli;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.chat.ChatFile;
import io.peerhub.peer.docs.DocStore;
import io.peerhub.peer.docs.DocSync;
import io.peerhub.peer.docs.DocsChannels;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.protocol.ClientKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "keep", mixinStandardHelpOptions = true,
        description = {"Keeps a room's shared documents and chat: joins the room, syncs every document with the peers "
                + "there, saves each one atomically into DIR as it changes, keeps the room's recent chat history in "
                + "DIR/" + ChatFile.NAME + " (signed entries, 10,000 at most, 30 days), and serves both to peers that "
                + "join later, so they outlive every browser leaving. Runs until SIGTERM/SIGINT."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM/SIGINT", "1:could not start (e.g. DIR not writable)", "2:bad options"})
final class KeepCommand implements Callable<Integer> {

    @Mixin
    RoomOptions room;

    @Mixin
    IdentityOptions identity;

    @Option(names = "--docs", required = true, defaultValue = "${env:PEERHUB_DOCS}",
            description = "Folder the room's documents are kept in, one <id>.automerge file each (env PEERHUB_DOCS).")
    Path docs;

    @Option(names = "--name", defaultValue = "${env:PEERHUB_NAME:-Keeper}",
            description = "Display name in the room (env PEERHUB_NAME; default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        Shutdown shutdown = new Shutdown();
        DocStore store = new DocStore(docs);
        DeviceIdentity me = identity.load();
        DocSync sync = new DocSync(store);
        RtcRuntime rtc = new RtcRuntime();
        try (PeerNode node = new PeerNode(rtc, true, room.address(), name, ClientKind.NATIVE, me,
                (from, chat) -> { }, Duration.ofMinutes(5))) {
            DocsChannels channels = DocsChannels.attach(node.mesh(), sync).onlyWhile(() -> node.hubPolicy().documents());
            node.keepChat(new ChatFile(store.dir().resolve(ChatFile.NAME)));
            node.start();
            System.err.println("peerhub keep: keeping the room's documents and chat in " + store.dir() + "; stop with SIGTERM");
            shutdown.await();
            System.err.println("peerhub keep: stopping");
            channels.close();
        } finally {
            sync.close();
        }
        return 0;
    }
}
