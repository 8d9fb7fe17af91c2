package io.peerhub.e2e.share;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.Percentiles;
import io.peerhub.e2e.RoomPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search of shared files, from the moment the page sends it to the first and to the last of
 * three sharers' answers (the page's own marks, docs: web-client/src/test-hooks.ts): three Java
 * {@code share} peers of 10,000 files each, against three of 100 files each in another room, the
 * same queries alternating between the rooms in one run, so the ratio says what the catalogue's
 * size costs over the round trip itself. A measurement, not a test:
 * {@code mvn -pl e2e-tests -Pbench test -Dtest=ShareSearchBenchmark}.
 */
class ShareSearchBenchmark extends BrowserStory {

    static final int FILES = Integer.getInteger("bench.files", 10_000);
    static final int SMALL = 100;
    static final int PEERS = 3;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 15);

    @TempDir
    Path tmp;

    /** FILES files in folders of 100: area-A/item-N.bin, 16 bytes each. */
    private Path folder(String name, int files) throws IOException {
        Path dir = tmp.resolve(name);
        for (int n = 0; n < files; n++) {
            Path f = dir.resolve("area-" + (n / 100) + "/item-" + n + ".bin");
            Files.createDirectories(f.getParent());
            Files.writeString(f, String.format("%016d", n));
        }
        return dir;
    }

    private List<PeerProcess> sharers(String room, String kind, int files) throws IOException {
        List<PeerProcess> peers = new ArrayList<>();
        for (int i = 0; i < PEERS; i++) {
            Path dir = folder(kind + "-" + i, files);
            peers.add(PeerProcess.start(tmp.resolve(kind + "-" + i + ".log"), "share", "--room", room, "--dir",
                    dir.toString(), "--name", kind + " " + i, "--hash-cache", tmp.resolve(kind + "-" + i + ".jsonl").toString()));
        }
        return peers;
    }

    /** One search's time to the first and to the last answer, in ms. */
    private static double[] search(RoomPage page, String text) {
        page.page().getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search shared files")).fill(text);
        page.page().getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search shared files")).press("Enter");
        Object[] times = new Object[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Object r = page.page().evaluate("""
                    () => {
                      const searches = performance.getEntriesByName('peerhub:share-search');
                      const last = searches[searches.length - 1];
                      if (!last) return null;
                      const answers = performance.getEntriesByName('peerhub:share-answer').filter((a) => a.detail.id === last.detail.id);
                      if (answers.length < last.detail.asked || last.detail.asked === 0) return null;
                      const t = answers.map((a) => a.startTime - last.startTime);
                      return [Math.min(...t), Math.max(...t)];
                    }""");
            times[0] = r;
            return r != null;
        });
        @SuppressWarnings("unchecked")
        List<Number> t = (List<Number>) times[0];
        return new double[] {t.get(0).doubleValue(), t.get(1).doubleValue()};
    }

    @Test
    void time_to_first_and_all_results_over_three_sharers_of_ten_thousand_files_against_three_of_a_hundred() throws Exception {
        String bigRoom = newRoomUrl();
        String smallRoom = newRoomUrl();
        List<PeerProcess> peers = new ArrayList<>(sharers(bigRoom, "big", FILES));
        peers.addAll(sharers(smallRoom, "small", SMALL));
        try (RoomPage big = RoomPage.open(browser, bigRoom, "Searcher");
             RoomPage small = RoomPage.open(browser, smallRoom, "Searcher")) {
            var longWait = new LocatorAssertions.ContainsTextOptions().setTimeout(120_000);
            for (int i = 0; i < PEERS; i++) {
                assertThat(big.page().locator("#shared-files-hint")).containsText("big " + i + " (" + FILES + " files", longWait);
                assertThat(small.page().locator("#shared-files-hint")).containsText("small " + i + " (" + SMALL + " files", longWait);
            }
            List<String> queries = new ArrayList<>();
            for (int i = 0; i < ROUNDS + 3; i++) {
                // From a word that matches a tenth of a share to one that matches a single file.
                queries.add(switch (i % 3) {
                    case 0 -> "item-" + (1 + i % 9);
                    case 1 -> "area-" + (i % 10) + " item-" + (i % 10);
                    default -> "item-" + (i * 37 % 100) + ".bin";
                });
            }
            for (int i = 0; i < 3; i++) { // warm-up
                search(big, queries.get(i));
                search(small, queries.get(i));
            }
            Map<String, List<Double>> ms = Map.of("bigFirst", new ArrayList<>(), "bigAll", new ArrayList<>(),
                    "smallFirst", new ArrayList<>(), "smallAll", new ArrayList<>());
            for (int i = 3; i < queries.size(); i++) {
                double[] s = search(small, queries.get(i));
                ms.get("smallFirst").add(s[0]);
                ms.get("smallAll").add(s[1]);
                double[] b = search(big, queries.get(i));
                ms.get("bigFirst").add(b[0]);
                ms.get("bigAll").add(b[1]);
            }
            Percentiles bf = new Percentiles(ms.get("bigFirst"));
            Percentiles ba = new Percentiles(ms.get("bigAll"));
            Percentiles sf = new Percentiles(ms.get("smallFirst"));
            Percentiles sa = new Percentiles(ms.get("smallAll"));
            String report = String.format(Locale.ROOT,
                    "Search of shared files, %d peers, %d rounds: %d files each: first result p50 %.0f ms p95 %.0f ms, "
                            + "all results p50 %.0f ms p95 %.0f ms; %d files each (baseline): first p50 %.0f ms p95 %.0f ms, "
                            + "all p50 %.0f ms p95 %.0f ms; ratio of p50 (all results) %.2f; loadavg after: %s",
                    PEERS, ROUNDS, FILES, bf.p(50), bf.p(95), ba.p(50), ba.p(95), SMALL, sf.p(50), sf.p(95), sa.p(50),
                    sa.p(95), ba.p(50) / sa.p(50), Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.println("BENCHMARK " + report);
            Path out = Files.createDirectories(Path.of("target", "benchmarks"));
            Files.writeString(out.resolve("share-search.md"), report + "\n");
        } finally {
            for (PeerProcess p : peers) {
                p.close();
            }
        }
    }
}
