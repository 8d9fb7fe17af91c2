package io.peerhub.peer.cli;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.protocol.ClientKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Prints the room's chat as \"[NAME] TEXT\" lines and sends each line typed on standard input. "
                + "Ends at the end of input or on SIGTERM/SIGINT.")
final class ChatCommand implements Callable<Integer> {

    @Mixin
    RoomOptions room;

    @Mixin
    IdentityOptions identity;

    @Option(names = "--name", defaultValue = "${env:PEERHUB_NAME:-Java chat}",
            description = "My display name (env PEERHUB_NAME; default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        Shutdown shutdown = new Shutdown();
        try (PeerNode node = new PeerNode(new RtcRuntime(), true, room.address(), name, ClientKind.NATIVE,
                identity.load(), (from, chat) -> {
                    System.out.println("[" + Terminal.plain(from.name()) + "] " + Terminal.plain(chat.text()));
                    System.out.flush();
                }, Duration.ofMinutes(1))) {
            node.chat().onDirect((from, text) -> {
                System.out.println("[" + Terminal.plain(from.name()) + " → you] " + Terminal.plain(text.text()));
                System.out.flush();
            });
            node.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.isBlank()) {
                            continue;
                        }
                        if (node.chat().isOn()) {
                            node.chat().say(line);
                        } else {
                            System.err.println("chat: chat is off on this hub (its policy); not sent");
                        }
                    }
                } catch (Exception e) {
                    System.err.println("chat: " + e.getMessage());
                }
                shutdown.request();
            }, "stdin");
            reader.setDaemon(true);
            reader.start();
            shutdown.await();
        }
        return 0;
    }
}
