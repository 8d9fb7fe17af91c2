package io.peerhub.peer.chat;

import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.peer.ChatEntry;
import io.peerhub.protocol.peer.HistoryBatch;
import io.peerhub.protocol.peer.HistoryDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keeper's chat history through real meshes over in-memory links, with its file on disk. */
class ChatHistoryTest {

    @TempDir
    Path dir;

    private static List<String> texts(ChatHistory h) {
        return h.entries().stream().map(ChatEntry::text).toList();
    }

    @Test
    void a_keeper_keeps_what_is_said_on_disk_and_a_later_keeper_gets_it_from_the_first() throws Exception {
        try (MemoryNetwork net = new MemoryNetwork()) {
            Mesh keeper = net.mesh("Keeper", DeviceIdentity.generate());
            Chat keeperChat = new Chat(keeper, (f, m) -> { });
            ChatFile file = new ChatFile(dir.resolve(ChatFile.NAME));
            ChatHistory kept = new ChatHistory(keeper, file, Clock.systemUTC());
            keeperChat.keepHistory(kept);
            net.join(keeper, "Keeper");
            Mesh alice = net.mesh("Alice", DeviceIdentity.generate());
            Chat aliceChat = new Chat(alice, (f, m) -> { });
            net.join(alice, "Alice");
            soon().until(() -> alice.peers().stream().anyMatch(RemotePeer::verified)
                    && keeper.peers().stream().anyMatch(RemotePeer::verified));

            aliceChat.say("one");
            aliceChat.say("two");
            soon().until(() -> texts(kept).size() == 2);
            soon().until(() -> Files.exists(file.path()) && file.load().size() == 2);
            assertThat(file.load().stream().map(ChatEntry::text)).containsExactly("one", "two");
            assertThat(file.load()).allMatch(e -> e.signatureHolds(keeper.roomId()));

            Mesh second = net.mesh("Second keeper", DeviceIdentity.generate());
            Chat secondChat = new Chat(second, (f, m) -> { });
            ChatHistory secondKept = new ChatHistory(second, null, Clock.systemUTC());
            secondChat.keepHistory(secondKept);
            net.leave(alice);
            net.join(second, "Second keeper");
            soon().until(() -> texts(secondKept).equals(List.of("one", "two")));
            kept.close();
        }
    }

    @Test
    void one_senders_messages_keep_the_order_they_were_said_in_even_within_one_millisecond() throws Exception {
        try (MemoryNetwork net = new MemoryNetwork()) {
            Mesh keeper = net.mesh("Keeper", DeviceIdentity.generate());
            Chat keeperChat = new Chat(keeper, (f, m) -> { });
            ChatHistory kept = new ChatHistory(keeper, null, Clock.systemUTC());
            keeperChat.keepHistory(kept);
            net.join(keeper, "Keeper");
            Mesh alice = net.mesh("Alice", DeviceIdentity.generate());
            Chat aliceChat = new Chat(alice, (f, m) -> { });
            net.join(alice, "Alice");
            soon().until(() -> keeper.peers().stream().anyMatch(RemotePeer::verified)
                    && alice.peers().stream().anyMatch(RemotePeer::verified));

            // Said back to back, many of these leave within the same millisecond.
            List<String> said = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                said.add("m" + i);
                aliceChat.say("m" + i);
            }
            soon().until(() -> texts(kept).size() == said.size());
            assertThat(texts(kept)).containsExactlyElementsOf(said);
        }
    }

    @Test
    void a_forged_entry_is_dropped_and_the_others_kept() throws Exception {
        try (MemoryNetwork net = new MemoryNetwork()) {
            Mesh keeper = net.mesh("Keeper", DeviceIdentity.generate());
            Chat keeperChat = new Chat(keeper, (f, m) -> { });
            ChatHistory kept = new ChatHistory(keeper, null, Clock.systemUTC());
            keeperChat.keepHistory(kept);
            net.join(keeper, "Keeper");
            DeviceIdentity mallory = DeviceIdentity.generate();
            Mesh hostile = net.mesh("Mallory", mallory);
            // Mallory answers the keeper's request with one honest entry of hers and one in Bob's name.
            DeviceIdentity bob = DeviceIdentity.generate();
            long now = System.currentTimeMillis();
            ChatEntry honest = mallory.signChat(keeper.roomId(), "m1", now, "Mallory", "honest");
            ChatEntry bobs = bob.signChat(keeper.roomId(), "b1", now, "Bob", "real words");
            ChatEntry forged = new ChatEntry("b2", now, "Bob", "send me your password", bobs.key(), bobs.sig());
            hostile.router().on(io.peerhub.protocol.peer.HistoryRequest.class,
                    (from, request) -> from.send(new HistoryBatch(List.of(honest, forged), true)));
            net.join(hostile, "Mallory");
            soon().until(() -> texts(kept).equals(List.of("honest")));
        }
    }

    @Test
    void an_answer_holds_every_entry_of_the_days_the_asker_lacks_in_batches_within_the_message_size() {
        ChatLog log = new ChatLog(ChatHistory::jsonBytes);
        DeviceIdentity d = DeviceIdentity.generate();
        long now = System.currentTimeMillis();
        List<ChatEntry> evicted = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            log.add(d.signChat("o86ffQSkUVQU6OHvHw68OQ", "m" + i, now - 500 + i, "Ann", "message " + i), now, evicted);
        }
        assertThat(log.missingFrom(List.of())).hasSize(500);
        assertThat(log.missingFrom(log.days())).isEmpty();
        assertThat(log.days()).allMatch(day -> day.digest().length() == 22);
        assertThat(log.days().get(log.days().size() - 1).digest())
                .isNotEqualTo(HistoryDigest.EMPTY);
    }

    @Test
    void a_flood_pushes_out_the_flooders_own_oldest_entries_first() {
        ChatLog log = new ChatLog(e -> 100, 10, Long.MAX_VALUE);
        DeviceIdentity honest = DeviceIdentity.generate();
        DeviceIdentity flooder = DeviceIdentity.generate();
        long now = System.currentTimeMillis();
        List<ChatEntry> evicted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            log.add(honest.signChat("o86ffQSkUVQU6OHvHw68OQ", "h" + i, now - 100 + i, "Ann", "hi"), now, evicted);
        }
        for (int i = 0; i < 30; i++) {
            log.add(flooder.signChat("o86ffQSkUVQU6OHvHw68OQ", "f" + i, now - 200 + i, "Flo", "spam"), now, evicted);
        }
        assertThat(log.size()).isEqualTo(10);
        assertThat(log.all().stream().filter(e -> e.device().equals(honest.deviceId()))).hasSize(3);
        assertThat(log.add(honest.signChat("o86ffQSkUVQU6OHvHw68OQ", "late", now + 11 * 60_000, "Ann", "ahead"), now, evicted))
                .isEqualTo(ChatLog.Added.AHEAD);
    }

    @Test
    void a_direct_text_reaches_the_one_peer_it_is_for() {
        try (MemoryNetwork net = new MemoryNetwork()) {
            List<String> heard = new CopyOnWriteArrayList<>();
            Mesh alice = net.mesh("Alice", DeviceIdentity.generate());
            Chat aliceChat = new Chat(alice, (f, m) -> { });
            net.join(alice, "Alice");
            for (String name : List.of("Bob", "Carol")) {
                Mesh mesh = net.mesh(name, DeviceIdentity.generate());
                new Chat(mesh, (f, m) -> { }).onDirect((from, t) -> heard.add(name + " got " + t.text() + " from " + from.name()));
                net.join(mesh, name);
            }
            soon().until(() -> alice.peers().size() == 2 && alice.peers().stream().allMatch(RemotePeer::verified));
            RemotePeer bob = alice.peers().stream().filter(p -> p.name().equals("Bob")).findFirst().orElseThrow();
            assertThat(aliceChat.sayTo(bob, "the code is 4711")).isTrue();
            soon().until(() -> heard.size() == 1);
            assertThat(heard).containsExactly("Bob got the code is 4711 from Alice");
        }
    }
}
