package io.peerhub.e2e.drop;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.peerhub.e2e.BenchmarkReport;
import io.peerhub.e2e.Chromium;
import io.peerhub.e2e.CpuProfile;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.ReceivePhases;
import io.peerhub.e2e.RoomPage;
import io.peerhub.e2e.ThreadCpu;
import io.peerhub.peer.rtc.BareSender;
import io.peerhub.testkit.bench.BareComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java→browser: a file pushed by a {@code send} process to a Chromium page (timed on the page, from
 * its {@code Accept} to the verified file handed over: the bytes, both hashes, the page's staging
 * and verification), against a bare data channel from a bare webrtc-java peer in this JVM to a page
 * in the same Chromium (one with a persistent profile, as a real user's) (256 KiB messages under the Java sender's 4 MiB watermark, the page only
 * counting), alternating in the same run. A measurement, not a test:
 * {@code mvn -pl e2e-tests -Pbench test -Dtest=JavaToBrowserBenchmark} ({@code -Dbench.mib},
 * {@code -Dbench.rounds}).
 */
class JavaToBrowserBenchmark extends DropStage {

    static final long BYTES = BareComparison.BYTES;
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    private final java.util.List<String> phases = new java.util.ArrayList<>();

    @Test
    void java_to_browser_against_a_bare_java_to_page_channel() throws Exception {
        Path file = randomFile(tmp.resolve("out/bench.bin"), BYTES, 11);
        String room = newRoomUrl();
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(audio);
        // The receiver is a real user's browser: a persistent profile, whose origin-private file
        // system is on disk (a fresh context's is in memory, written through the browser process).
        Path profile = Files.createDirectories(tmp.resolve("alice-profile"));
        try (RoomPage alice = RoomPage.openIn(Chromium.launchPersistent(playwright, profile), room, "Alice")) {
            Page page = alice.page().context().newPage();
            page.navigate(server.baseUrl() + "/");
            bare(factory, page); // warm-up
            if (PROFILE) {
                profiledRounds(factory, page, alice, room, file);
            }
            BareComparison.run(i -> bare(factory, page).mibPerSecond(), i -> push(alice, room, file, i).mibPerSecond())
                    .report("Java->browser", "bare webrtc-java->page channel", "send->page transfer",
                            "java-to-browser.md");
            new BenchmarkReport("Java->browser, where a Peerhub round's time went",
                    "mvn -pl e2e-tests -Pbench test -Dtest=JavaToBrowserBenchmark")
                    .line(ReceivePhases.HEADER).lines(phases).write("java-to-browser-phases.md");
        } finally {
            factory.dispose();
            audio.dispose();
        }
    }

    /** With -Dbench.profile=true, one more bare and one more Peerhub round are profiled first. */
    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");

    /**
     * One bare and one Peerhub round with the receiving page's main thread profiled (CDP, 1 ms
     * sampling) and, from /proc, its renderer's CPU per thread and the sending process's: where
     * each side's CPU went, workers and WebRTC's threads included.
     */
    private void profiledRounds(PeerConnectionFactory factory, Page page, RoomPage alice, String room, Path file)
            throws Exception {
        BenchmarkReport report = new BenchmarkReport("Java->browser, profiled rounds",
                "mvn -pl e2e-tests -Pbench test -Dtest=JavaToBrowserBenchmark -Dbench.profile=true");
        profiled(report, "bare", page, "this JVM (BareSender)", () -> bare(factory, page));
        profiled(report, "Peerhub", alice.page(), "the send process", () -> push(alice, room, file, -1));
        report.write("java-to-browser-profile.md");
    }

    private void profiled(BenchmarkReport report, String what, Page receiver, String senderName,
            Callable<Measured> round) throws Exception {
        long renderer = ThreadCpu.rendererOf(receiver);
        ThreadCpu rendererBefore = ThreadCpu.of(renderer);
        CpuProfile profile = CpuProfile.start(receiver, 1000);
        Measured measured = round.call();
        CpuProfile.Summary main = profile.stop();
        ThreadCpu rendererAfter = ThreadCpu.of(renderer);
        double mibps = measured.mibPerSecond();
        ThreadCpu senderBefore = measured.senderBefore();
        ThreadCpu senderAfter = measured.senderAfter();
        report.line(String.format("Profiled %s round: %.1f MiB/s. Receiving renderer %.1f CPU-s, %s %.1f CPU-s;"
                        + " receiving main thread busy %.0f of %.0f ms.%n", what, mibps,
                rendererAfter.totalMsSince(rendererBefore) / 1000, senderName,
                senderAfter.totalMsSince(senderBefore) / 1000, main.busyMs(), main.wallMs()));
        report.line("| " + what + ", receiving renderer: thread | CPU ms |").line("|---|---|")
                .lines(rendererAfter.rowsSince(rendererBefore, 10)).line("");
        report.line("| " + what + ", " + senderName + ": thread | CPU ms |").line("|---|---|")
                .lines(senderAfter.rowsSince(senderBefore, 10)).line("");
        report.line("| " + what + ", receiving main thread self time | ms | share of busy |").line("|---|---|---|")
                .lines(main.topRows(12)).line("");
    }

    /** A round's rate, and the sender's threads' CPU while it sent. */
    private record Measured(double mibPerSecond, ThreadCpu senderBefore, ThreadCpu senderAfter) {}

    private Measured push(RoomPage alice, String room, Path file, int round) throws Exception {
        try (PeerProcess sender = PeerProcess.start(tmp.resolve("send-" + round + ".log"), "send", "--room", room,
                "--to", "Alice", "--name", "Pusher", file.toString())) {
            assertThat(alice.offerFrom("Pusher")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
            ThreadCpu senderBefore = ThreadCpu.of(sender.pid());
            double before = ReceivePhases.pageNow(alice.page());
            Download download = alice.acceptAndDownload("Pusher", (int) PATIENCE.toMillis());
            ThreadCpu senderAfter = ThreadCpu.of(sender.pid());
            download.delete();
            assertThat(alice.transfer("bench.bin").last()).containsText("verified");
            sender.waitForExit(60);
            ReceivePhases timed = ReceivePhases.since(alice.page(), before);
            phases.add(timed.row(round, BYTES));
            return new Measured(timed.mibPerSecond(BYTES), senderBefore, senderAfter);
        }
    }

    private Measured bare(PeerConnectionFactory factory, Page page) throws Exception {
        long self = ProcessHandle.current().pid();
        // Non-trickle: each side gathers its candidates first (loopback gathering takes milliseconds).
        try (BareSender sender = new BareSender(factory)) {
            String offer = (String) page.evaluate("async total => { const pc = new RTCPeerConnection();"
                    + " const ch = pc.createDataChannel('bench', {ordered: true}); ch.binaryType = 'arraybuffer';"
                    + " let got = 0; const done = new Promise(r => { ch.onmessage = e => {"
                    + "   got += e.data.byteLength; if (got >= total) r(got); }; });"
                    + " window.__bench = {pc, ch, done};"
                    + " await pc.setLocalDescription(await pc.createOffer());"
                    + " await new Promise(r => { if (pc.iceGatheringState === 'complete') r();"
                    + "   pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });"
                    + " return pc.localDescription.sdp; }", (double) BYTES);
            String answer = sender.gatheredAnswer(new RTCSessionDescription(RTCSdpType.OFFER, offer));
            page.evaluate("sdp => window.__bench.pc.setRemoteDescription({type: 'answer', sdp})", answer);
            ThreadCpu senderBefore = ThreadCpu.of(self);
            long t0 = System.nanoTime();
            sender.send(BYTES, PATIENCE);
            page.evaluate("() => window.__bench.done");
            long elapsed = System.nanoTime() - t0;
            ThreadCpu senderAfter = ThreadCpu.of(self);
            page.evaluate("() => { window.__bench.ch.close(); window.__bench.pc.close(); }");
            return new Measured(BareComparison.mibPerSecond(BYTES, elapsed), senderBefore, senderAfter);
        }
    }
}
