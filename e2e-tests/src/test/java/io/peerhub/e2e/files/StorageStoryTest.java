package io.peerhub.e2e.files;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.peerhub.e2e.Chromium;
import io.peerhub.e2e.RoomPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a receiver's browser keeps (issue 18): in a persistent profile, as a person's browser is,
 * finished transfers leave no resume record and no staged copy behind, and what an earlier visit
 * left (orphans, stale records) is cleaned up when a page starts.
 */
class StorageStoryTest extends FileStage {

  private static final long MIB = 1024 * 1024;
  /** Slack for the origin's own bookkeeping (documents saved, records): far below one staged file. */
  private static final long FEW_MIB = 4 * MIB;

  @TempDir
  Path tmp;

  @Test
  void three_received_files_leave_nothing_behind_after_a_reload_and_another_room() throws Exception {
    String room = newRoomUrl();
    BrowserContext bobProfile = Chromium.launchPersistent(playwright, Files.createDirectories(tmp.resolve("bob")));
    try (RoomPage alice = RoomPage.open(browser, room, "Alice");
         RoomPage bob = RoomPage.openIn(bobProfile, room, "Bob")) {
      bob.shouldSeeConnected("Alice");
      long before = usage(bob.page());

      for (int i = 1; i <= 3; i++) {
        String name = "file-" + i + ".bin";
        Path file = randomFile(tmp.resolve("out/" + name), 16 * MIB, i);
        alice.sendFilesTo("Bob", file);
        Download download = bob.acceptAndDownload("Alice", 120_000);
        Path saved = tmp.resolve("in/" + name);
        download.saveAs(saved);
        assertThat(sha256(saved)).isEqualTo(sha256(file));
        assertThat(bob.transfer(name)).containsText("verified");
        download.delete();
      }

      bob.page().reload();
      bob.shouldSeeConnected("Alice");
      bob.page().navigate(newRoomUrl());
      openStorage(bob.page());

      assertThat(storageView(bob.page())).containsText("None: nothing is waiting to continue.");
      assertThat(transferItems(bob.page())).hasCount(0);
      assertThat(opfsNames(bob.page(), "transfer-records")).isEmpty();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(usage(bob.page())).isLessThan(before + FEW_MIB));
    }
  }

  @Test
  void orphans_and_stale_records_left_by_an_earlier_visit_are_deleted_at_start_up() throws Exception {
    String room = newRoomUrl();
    BrowserContext profile = Chromium.launchPersistent(playwright, Files.createDirectories(tmp.resolve("carol")));
    try (RoomPage carol = RoomPage.openIn(profile, room, "Carol")) {
      String orphan = "orphanorphanorphanorph";
      String stale = "stalestalestalestalest";
      carol.page().evaluate(PLANT, List.of(orphan, stale, 2 * 24 * 3600_000.0));
      assertThat(opfsNames(carol.page(), "transfers")).contains(orphan, stale);
      assertThat(opfsNames(carol.page(), "transfer-records")).contains(stale + ".json");

      carol.page().reload();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(opfsNames(carol.page(), "transfers")).doesNotContain(orphan, stale);
        assertThat(opfsNames(carol.page(), "transfer-records")).doesNotContain(stale + ".json");
      });
      openStorage(carol.page());
      assertThat(storageView(carol.page())).containsText("None: nothing is waiting to continue.");
      assertThat(transferItems(carol.page())).hasCount(0);
    }
  }

  /** Writes, as an earlier visit would have left them, an orphaned staged file and a stale record. */
  private static final String PLANT = """
      async ([orphan, stale, age]) => {
        const root = await navigator.storage.getDirectory();
        const staged = await root.getDirectoryHandle('transfers', { create: true });
        for (const id of [orphan, stale]) {
          const dir = await staged.getDirectoryHandle(id, { create: true });
          const w = await (await dir.getFileHandle('0', { create: true })).createWritable();
          await w.write(new Uint8Array(5 * 1024 * 1024));
          await w.close();
        }
        const records = await root.getDirectoryHandle('transfer-records', { create: true });
        const record = { id: stale, device: 'dddddddddddddddddddddd', senderName: 'Alice',
          files: [{ path: ['old.bin'], size: 10485760, type: '' }], totalBytes: 10485760,
          bytes: [5242880], verified: [null], updated: Date.now() - age };
        const w = await (await records.getFileHandle(stale + '.json', { create: true })).createWritable();
        await w.write(JSON.stringify(record));
        await w.close();
      }""";

  /**
   * What the origin stores besides the app's own code: the service worker's shell cache is filled
   * once per release, in the background after the first join, and is not a transfer's to clean.
   */
  private static long usage(Page page) {
    return ((Number) page.evaluate("""
        async () => {
          await navigator.serviceWorker.ready;
          const e = await navigator.storage.estimate();
          const d = e.usageDetails || {};
          return e.usage - (d.caches || 0) - (d.serviceWorkerRegistrations || 0);
        }""")).longValue();
  }

  @SuppressWarnings("unchecked")
  private static List<String> opfsNames(Page page, String folder) {
    return (List<String>) page.evaluate("""
        async (folder) => {
          const root = await navigator.storage.getDirectory();
          const dir = await root.getDirectoryHandle(folder, { create: true });
          const names = [];
          for await (const name of dir.keys()) names.push(name);
          return names;
        }""", folder);
  }

  private static void openStorage(Page page) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Storage").setExact(true)).click();
  }

  private static Locator storageView(Page page) {
    return page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Storage in this browser"));
  }

  private static Locator transferItems(Page page) {
    return page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Transfers"))
        .getByRole(AriaRole.LISTITEM);
  }
}
