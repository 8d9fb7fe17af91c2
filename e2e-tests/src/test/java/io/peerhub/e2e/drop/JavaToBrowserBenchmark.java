package io.peerhub.e2e.drop;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import io.peerhub.peer.rtc.BareSender;
import io.peerhub.testkit.bench.BareComparison;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java→browser: a file pushed by a {@code send} process to a Chromium page (timed from the page's
 * {@code Accept} to the verified file's download: the bytes, both hashes, the page's staging and
 * verification), against a bare data channel from a bare webrtc-java peer in this JVM to a page
 * in the same Chromium (256 KiB messages under the Java sender's 4 MiB watermark, the page only
 * counting), alternating in the same run. A measurement, not a test:
 * {@code mvn -pl e2e-tests -Pbench test -Dtest=JavaToBrowserBenchmark} ({@code -Dbench.mib},
 * {@code -Dbench.rounds}).
 */
class JavaToBrowserBenchmark extends DropStage {

    static final long BYTES = BareComparison.BYTES;
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    @Test
    void java_to_browser_against_a_bare_java_to_page_channel() throws Exception {
        Path file = randomFile(tmp.resolve("out/bench.bin"), BYTES, 11);
        String room = newRoomUrl();
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(audio);
        try (RoomPage alice = RoomPage.open(browser, room, "Alice");
             var ctx = browser.newContext()) {
            Page page = ctx.newPage();
            page.navigate(server.baseUrl() + "/");
            bareRound(factory, page); // warm-up
            BareComparison.run(i -> bareRound(factory, page), i -> pushRound(alice, room, file, i))
                    .report("Java->browser", "bare webrtc-java->page channel", "send->page transfer",
                            "java-to-browser.md");
        } finally {
            factory.dispose();
            audio.dispose();
        }
    }

    private double pushRound(RoomPage alice, String room, Path file, int round) throws Exception {
        try (PeerProcess sender = PeerProcess.start(tmp.resolve("send-" + round + ".log"), "send", "--room", room,
                "--to", "Alice", "--name", "Pusher", file.toString())) {
            assertThat(alice.offerFrom("Pusher")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
            long start = System.nanoTime();
            Download download = alice.acceptAndDownload("Pusher", (int) PATIENCE.toMillis());
            long nanos = System.nanoTime() - start;
            download.delete();
            assertThat(alice.transfer("bench.bin").last()).containsText("verified");
            sender.waitForExit(60);
            return BareComparison.mibPerSecond(BYTES, nanos);
        }
    }

    private double bareRound(PeerConnectionFactory factory, Page page) throws Exception {
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
            long t0 = System.nanoTime();
            sender.send(BYTES, PATIENCE);
            page.evaluate("() => window.__bench.done");
            long elapsed = System.nanoTime() - t0;
            page.evaluate("() => { window.__bench.ch.close(); window.__bench.pc.close(); }");
            return BareComparison.mibPerSecond(BYTES, elapsed);
        }
    }
}
