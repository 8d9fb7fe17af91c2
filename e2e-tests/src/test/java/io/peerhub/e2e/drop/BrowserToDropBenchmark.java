package io.peerhub.e2e.drop;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import io.peerhub.peer.rtc.BareReceiver;
import io.peerhub.testkit.bench.BareComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browser→Java: a file dropped on the drop box's avatar (Chromium page → {@code drop} process,
 * timed from the drop's "accepted" to its "received" log line: the bytes, both hashes, the
 * writes and the verification), against a bare data channel from a page to a bare webrtc-java
 * peer in this JVM (256 KiB messages, 4 MiB watermark, bufferedamountlow at 1 MiB, bytes only
 * counted), alternating in the same run. A measurement, not a test:
 * {@code mvn -pl e2e-tests -Pbench test -Dtest=BrowserToDropBenchmark}.
 */
class BrowserToDropBenchmark extends DropStage {

    static final long BYTES = BareComparison.BYTES;
    private static final Pattern TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) ");

    @TempDir
    Path tmp;

    @Test
    void browser_to_drop_against_a_bare_page_to_java_channel() throws Exception {
        Path file = randomFile(tmp.resolve("out/bench.bin"), BYTES, 5);
        Path inbox = tmp.resolve("inbox");
        String room = newRoomUrl();
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(audio);
        try (PeerProcess dropProcess = PeerProcess.start(tmp.resolve("drop.log"), "drop", "--room", room,
                "--dir", inbox.toString(), "--name", "Inbox");
             RoomPage alice = RoomPage.open(browser, room, "Alice")) {
            alice.shouldSeeConnected("Inbox");
            try (var ctx = browser.newContext()) {
                Page page = ctx.newPage();
                page.navigate(server.baseUrl() + "/");
                bareRound(factory, page); // warm-up
                BareComparison.run(i -> bareRound(factory, page), i -> dropRound(alice, dropProcess, inbox, file))
                        .report("Browser->Java", "bare page->webrtc-java channel", "page->drop transfer",
                                "browser-to-java.md");
            }
        } finally {
            factory.dispose();
            audio.dispose();
        }
    }

    private double dropRound(RoomPage alice, PeerProcess drop, Path inbox, Path file) throws Exception {
        int before = count(drop.output(), "received ");
        alice.dropFilesOn("Inbox", file);
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(5))
                .until(() -> count(drop.output(), "received ") > before);
        String log = drop.output();
        LocalTime accepted = lastTime(log, "accepted transfer");
        LocalTime received = lastTime(log, "received ");
        double seconds = Duration.between(accepted, received).toMillis() / 1000.0;
        assertThat(alice.transfer("bench.bin").last()).containsText("verified",
                new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        try (var s = Files.list(inbox)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
        return (BYTES >> 20) / seconds;
    }

    private double bareRound(PeerConnectionFactory factory, Page page) throws Exception {
        // Non-trickle: each side gathers its candidates first (loopback gathering takes milliseconds).
        try (BareReceiver receiver = new BareReceiver(factory, BYTES, candidate -> { })) {
            String offer = (String) page.evaluate("async () => { const pc = new RTCPeerConnection();"
                    + " const ch = pc.createDataChannel('bench', {ordered: true}); window.__bench = {pc, ch};"
                    + " await pc.setLocalDescription(await pc.createOffer());"
                    + " await new Promise(r => { if (pc.iceGatheringState === 'complete') r();"
                    + "   pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });"
                    + " return pc.localDescription.sdp; }");
            String answer = receiver.gatheredAnswer(new RTCSessionDescription(RTCSdpType.OFFER, offer));
            page.evaluate("sdp => window.__bench.pc.setRemoteDescription({type: 'answer', sdp})", answer);
            long t0 = System.nanoTime();
            page.evaluate("async total => { const ch = window.__bench.ch;"
                    + " if (ch.readyState !== 'open') await new Promise(r => ch.onopen = r);"
                    + " const buf = new Uint8Array(262144); crypto.getRandomValues(buf.subarray(0, 65536));"
                    + " ch.bufferedAmountLowThreshold = 1 << 20; let sent = 0;"
                    + " while (sent < total) { if (ch.bufferedAmount > (4 << 20))"
                    + "   await new Promise(r => ch.onbufferedamountlow = r);"
                    + "   ch.send(buf); sent += buf.length; } }", (double) BYTES);
            receiver.awaitAll(Duration.ofMinutes(5));
            long elapsed = System.nanoTime() - t0;
            page.evaluate("() => { window.__bench.ch.close(); window.__bench.pc.close(); }");
            return BareComparison.mibPerSecond(BYTES, elapsed);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static LocalTime lastTime(String log, String needle) {
        LocalTime last = null;
        for (String line : log.split("\n")) {
            Matcher m = TIME.matcher(line);
            if (line.contains(needle) && m.find()) {
                last = LocalTime.parse(m.group(1));
            }
        }
        if (last == null) {
            throw new AssertionError("no \"" + needle + "\" in the drop's log");
        }
        return last;
    }
}
