package io.peerhub.peer.share;

import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.transfer.receive.FileReceiver;
import io.peerhub.peer.transfer.send.FileSender;
import io.peerhub.protocol.peer.ShareEntry;
import io.peerhub.protocol.peer.SharePull;
import io.peerhub.protocol.peer.ShareQuery;
import io.peerhub.protocol.peer.ShareRefused;
import io.peerhub.protocol.peer.ShareRefused.ShareRefusal;
import io.peerhub.protocol.peer.ShareResults;
import io.peerhub.protocol.peer.ShareStatus;
import io.peerhub.protocol.peer.Shares;
import io.peerhub.protocol.peer.TransferIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The share as a peer meets it, over in-memory links: a real library, sender and service on one
 * mesh; on the other, a real drop receiver (which takes the pulled offers) and the messages the
 * searcher hears.
 */
class ShareServiceTest {

    @TempDir
    Path tmp;

    final MemoryNetwork net = new MemoryNetwork();
    final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        net.close();
    }

    /** The sharer: `share --dir` as the command puts it together. */
    Library share(Path dir, Predicate<RemotePeer> mayUse) throws IOException {
        Library library = new Library(dir, new HashCache(null)).start();
        open.add(library);
        Mesh mesh = net.mesh("Library", DeviceIdentity.generate());
        FileSender sender = new FileSender(mesh, Duration.ofMinutes(1));
        open.add(sender);
        open.add(new ShareService(mesh, sender, library, mayUse));
        net.join(mesh, "Library");
        return library;
    }

    /** A peer that searches and pulls into its own inbox, and keeps what the sharer told it. */
    final class Searcher {
        final String name;
        final DeviceIdentity device = DeviceIdentity.generate();
        final Mesh mesh;
        final InboxWriter inbox;
        final List<ShareStatus> statuses = new CopyOnWriteArrayList<>();
        final Map<String, ShareResults> results = new ConcurrentHashMap<>();
        final Map<String, ShareRefusal> refused = new ConcurrentHashMap<>();
        final List<FileReceiver.ReceivedFile> received = new CopyOnWriteArrayList<>();

        Searcher(String name) throws IOException {
            this.name = name;
            mesh = net.mesh(name, device);
            inbox = new InboxWriter(tmp.resolve("inbox-" + name));
            FileReceiver receiver = new FileReceiver(inbox, new Quota(inbox.dir(), Quota.UNLIMITED, Quota.UNLIMITED),
                    p -> true, new FileReceiver.Events() {
                        @Override
                        public void received(FileReceiver.ReceivedFile file) {
                            received.add(file);
                        }
                    });
            receiver.attach(mesh);
            open.add(receiver);
            mesh.router()
                    .on(ShareStatus.class, (from, s) -> statuses.add(s))
                    .on(ShareResults.class, (from, r) -> results.put(r.id(), r))
                    .on(ShareRefused.class, (from, r) -> refused.put(r.id(), r.reason()));
            net.join(mesh, name);
        }

        RemotePeer library() {
            soon().until(() -> mesh.peers().stream().anyMatch(p -> p.name().equals("Library") && p.verified()));
            return mesh.peers().stream().filter(p -> p.name().equals("Library")).findFirst().orElseThrow();
        }

        ShareResults search(String text, long from) {
            String id = TransferIds.newId();
            assertThat(library().send(new ShareQuery(id, text, from))).isTrue();
            soon().until(() -> results.containsKey(id));
            return results.get(id);
        }

        String pull(List<List<String>> paths) {
            String id = TransferIds.newId();
            assertThat(library().send(new SharePull(id, paths))).isTrue();
            return id;
        }
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static List<String> keys(ShareResults r) {
        return r.files().stream().map(e -> String.join("/", e.path())).toList();
    }

    private static void awaitHashed(Library library, int files) {
        soon().until(() -> library.catalogue().count() == files
                && library.catalogue().files().stream().allMatch(f -> f.sha256() != null));
    }

    @Test
    void a_searcher_hears_what_is_shared_finds_files_by_part_of_a_name_and_pulls_a_batch_verified() throws Exception {
        Path dir = tmp.resolve("share");
        for (int i = 0; i < 30; i++) {
            write(dir.resolve("releases/v" + i + "/setup-" + i + ".exe"), "installer " + i);
            write(dir.resolve("docs/notes-" + i + ".txt"), "notes " + i);
        }
        Library library = share(dir, p -> true);
        awaitHashed(library, 60);
        Searcher s = new Searcher("Ann");

        soon().until(() -> !s.statuses.isEmpty() && s.statuses.get(s.statuses.size() - 1).files() == 60);
        ShareResults found = s.search("SETUP-1 exe", 0);
        assertThat(found.total()).isEqualTo(11); // setup-1, setup-10…19
        assertThat(keys(found)).contains("releases/v1/setup-1.exe", "releases/v12/setup-12.exe")
                .allMatch(k -> k.startsWith("releases/"));
        ShareEntry one = found.files().stream().filter(e -> e.path().get(2).equals("setup-1.exe")).findFirst().orElseThrow();
        assertThat(one.size()).isEqualTo("installer 1".length());
        assertThat(one.sha256()).isEqualTo(HashCache.sha256(dir.resolve("releases/v1/setup-1.exe")));
        assertThat(s.search("", 50).files()).hasSize(10); // browsing, second page
        assertThat(s.search("", 50).total()).isEqualTo(60);

        s.pull(List.of(List.of("releases", "v1", "setup-1.exe"), List.of("docs", "notes-2.txt"),
                List.of("releases", "v3", "setup-3.exe"), List.of("docs", "notes-2.txt")));

        soon().until(() -> s.received.size() == 3);
        assertThat(Files.readString(s.inbox.dir().resolve("releases/v1/setup-1.exe"))).isEqualTo("installer 1");
        assertThat(Files.readString(s.inbox.dir().resolve("docs/notes-2.txt"))).isEqualTo("notes 2");
        assertThat(Files.readString(s.inbox.dir().resolve("releases/v3/setup-3.exe"))).isEqualTo("installer 3");
    }

    @Test
    void a_path_not_listed_is_refused_and_a_link_out_of_the_folder_is_neither_listed_nor_served() throws Exception {
        Path dir = tmp.resolve("share");
        write(dir.resolve("ok.txt"), "fine");
        Path secret = write(tmp.resolve("secret.txt"), "do not serve");
        Files.createSymbolicLink(dir.resolve("link.txt"), secret);
        Library library = share(dir, p -> true);
        awaitHashed(library, 1);
        Searcher s = new Searcher("Ann");

        assertThat(keys(s.search("", 0))).containsExactly("ok.txt");
        String link = s.pull(List.of(List.of("link.txt")));
        String climbing = s.pull(List.of(List.of("..secret.txt")));

        soon().until(() -> s.refused.size() == 2);
        assertThat(s.refused).containsEntry(link, ShareRefusal.NOT_SHARED).containsEntry(climbing, ShareRefusal.NOT_SHARED);
        assertThat(s.received).isEmpty();
        assertThat(s.inbox.dir().resolve("link.txt")).doesNotExist();
    }

    @Test
    void a_file_changed_after_it_was_listed_is_hashed_again_and_arrives_with_its_new_bytes() throws Exception {
        Path dir = tmp.resolve("share");
        Path file = write(dir.resolve("report.txt"), "first draft");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
        Library library = share(dir, p -> true);
        awaitHashed(library, 1);
        Searcher s = new Searcher("Ann");
        String listed = s.search("report", 0).files().get(0).sha256();

        Files.writeString(file, "the final version, longer");
        s.pull(List.of(List.of("report.txt")));

        soon().until(() -> s.received.size() == 1);
        assertThat(Files.readString(s.inbox.dir().resolve("report.txt"))).isEqualTo("the final version, longer");
        assertThat(s.received.get(0).sha256()).isEqualTo(HashCache.sha256(file)).isNotEqualTo(listed);
    }

    @Test
    void a_share_limited_to_some_devices_shows_others_nothing_and_refuses_their_pulls() throws Exception {
        Path dir = tmp.resolve("share");
        write(dir.resolve("plan.txt"), "the plan");
        List<String> trusted = new CopyOnWriteArrayList<>();
        Library library = share(dir, p -> trusted.contains(p.device()));
        awaitHashed(library, 1);
        Searcher friend = new Searcher("Friend");
        trusted.add(friend.device.deviceId());
        Searcher stranger = new Searcher("Stranger");

        assertThat(friend.search("plan", 0).total()).isEqualTo(1);
        ShareResults none = stranger.search("plan", 0);
        assertThat(none.total()).isZero();
        assertThat(none.files()).isEmpty();
        assertThat(stranger.statuses).allMatch(st -> st.files() == 0);
        String pull = stranger.pull(List.of(List.of("plan.txt")));
        soon().until(() -> stranger.refused.containsKey(pull));
        assertThat(stranger.refused.get(pull)).isEqualTo(ShareRefusal.NOT_ALLOWED);
        assertThat(stranger.received).isEmpty();
    }

    @Test
    void a_query_flood_is_throttled_and_another_peer_is_still_answered() throws Exception {
        Path dir = tmp.resolve("share");
        write(dir.resolve("a.txt"), "a");
        Library library = share(dir, p -> true);
        awaitHashed(library, 1);
        Searcher flooder = new Searcher("Flooder");
        Searcher other = new Searcher("Other");
        RemotePeer to = flooder.library();

        List<String> ids = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            String id = "flood-" + i;
            ids.add(id);
            to.send(new ShareQuery(id, "a", 0));
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(other.search("a", 0).total()).isEqualTo(1);
        // Once a later probe is answered, every query of the flood has had its turn: the link keeps order.
        List<String> probes = new CopyOnWriteArrayList<>();
        soon().pollInterval(Duration.ofMillis(250)).until(() -> {
            String probe = "probe-" + probes.size();
            probes.add(probe);
            to.send(new ShareQuery(probe, "a", 0));
            return probes.stream().anyMatch(flooder.results::containsKey);
        });
        long answered = ids.stream().filter(flooder.results::containsKey).count();
        assertThat(answered).isGreaterThanOrEqualTo(1)
                .isLessThanOrEqualTo(QueryBudget.BURST + (long) Math.ceil(seconds * Shares.QUERIES_PER_SECOND) + 1);
    }

    @Test
    void an_answer_of_long_paths_holds_fewer_files_and_fits_a_control_message() throws Exception {
        Path dir = tmp.resolve("share");
        String longName = "x".repeat(200);
        for (int i = 0; i < 60; i++) {
            write(dir.resolve(longName + "/" + longName + "-" + i + ".bin"), "" + i);
        }
        Library library = share(dir, p -> true);
        awaitHashed(library, 60);
        Searcher s = new Searcher("Ann");

        ShareResults r = s.search("", 0);

        assertThat(r.total()).isEqualTo(60);
        assertThat(r.files()).hasSizeBetween(1, Shares.MAX_RESULTS - 1);
        assertThat(new io.peerhub.protocol.peer.PeerCodec().encode(r).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(io.peerhub.protocol.peer.Transfers.MAX_CONTROL_MESSAGE_BYTES);
    }
}
