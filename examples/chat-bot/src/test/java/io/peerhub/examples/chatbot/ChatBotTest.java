package io.peerhub.examples.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.PeerNode;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot as the README starts it (its own JVM, given a room link), and a Java peer chatting with it. */
class ChatBotTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void the_bot_answers_what_a_peer_says_in_its_room() throws Exception {
        Path output = tmp.resolve("bot.out");
        List<String> heardByAlice = new CopyOnWriteArrayList<>();
        try (PeerhubServer server = PeerhubServer.start(ServerConfig.loopback())) {
            String link = RoomKey.generate().link(server.baseUrl());
            Process bot = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ChatBot.class.getName(), link)
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (PeerNode alice = new PeerNode(new RtcRuntime(), true, RoomAddress.parse(null, link), "Alice",
                    ClientKind.NATIVE, DeviceIdentity.generate(), (from, chat) -> heardByAlice.add(from.name() + ": " + chat.text()),
                    Duration.ofMinutes(1)).start()) {
                assertThat(alice.awaitPeer("Echo bot", PATIENCE)).isPresent();

                assertThat(alice.chat().say("hello bot")).isEqualTo(1);

                await().atMost(PATIENCE).until(() -> heardByAlice.contains("Echo bot: bot heard: hello bot"));
                assertThat(read(output)).contains("joining room ", "heard [Alice] hello bot",
                        "said \"bot heard: hello bot\" to 1 peer(s)");
            } finally {
                bot.destroy(); // SIGTERM, as Ctrl-C
                assertThat(bot.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
            assertThat(read(output)).contains("left the room");
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
