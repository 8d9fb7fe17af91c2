package io.peerhub.e2e.drop;

import io.peerhub.e2e.PeerProcess;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.peerhub.e2e.RoomPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    static final long BYTES = Long.getLong("bench.mib", 200) << 20;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final Pattern TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) ");

    @TempDir
    Path tmp;

    @Test
    void browser_to_drop_against_a_bare_page_to_java_channel() throws Exception {
        Path file = randomFile(tmp.resolve("out/bench.bin"), BYTES, 5);
        Path inbox = tmp.resolve("inbox");
        String room = newRoomUrl();
        List<Double> bare = new ArrayList<>();
        List<Double> drop = new ArrayList<>();
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
                for (int i = 0; i < ROUNDS; i++) {
                    bare.add(bareRound(factory, page));
                    drop.add(dropRound(alice, dropProcess, inbox, file, i));
                }
            }
        } finally {
            factory.dispose();
            audio.dispose();
        }
        double b = median(bare);
        double d = median(drop);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            ratios.add(drop.get(i) / bare.get(i));
        }
        String report = String.format(Locale.ROOT,
                "Browser->Java, %d MiB, %d rounds: bare page->webrtc-java channel median %.1f MiB/s %s; "
                        + "page->drop transfer median %.1f MiB/s %s; ratio of medians %.2f; median of per-round ratios %.2f; "
                        + "loadavg after: %s",
                BYTES >> 20, ROUNDS, b, bare, d, drop, d / b, median(ratios),
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("BENCHMARK " + report);
        Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(Path.of("target", "benchmarks", "browser-to-java.md"), report + "\n");
    }

    private double dropRound(RoomPage alice, PeerProcess drop, Path inbox, Path file, int round) throws Exception {
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
        return Math.round((BYTES >> 20) / seconds * 10) / 10.0;
    }

    private double bareRound(PeerConnectionFactory factory, Page page) throws Exception {
        AtomicLong received = new AtomicLong();
        CompletableFuture<Void> all = new CompletableFuture<>();
        CompletableFuture<Void> gathered = new CompletableFuture<>();
        List<RTCDataChannel> channels = Collections.synchronizedList(new ArrayList<>());
        RTCPeerConnection pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {}

            @Override
            public void onIceGatheringChange(RTCIceGatheringState state) {
                if (state == RTCIceGatheringState.COMPLETE) {
                    gathered.complete(null);
                }
            }

            @Override
            public void onDataChannel(RTCDataChannel ch) {
                channels.add(ch);
                ch.registerObserver(new RTCDataChannelObserver() {
                    @Override
                    public void onBufferedAmountChange(long l) {}

                    @Override
                    public void onStateChange() {}

                    @Override
                    public void onMessage(RTCDataChannelBuffer b) {
                        if (received.addAndGet(b.data.remaining()) >= BYTES) {
                            all.complete(null);
                        }
                    }
                });
            }
        });
        // Non-trickle: each side gathers its candidates first (loopback gathering takes milliseconds).
        String offer = (String) page.evaluate("async () => { const pc = new RTCPeerConnection();"
                + " const ch = pc.createDataChannel('bench', {ordered: true}); window.__bench = {pc, ch};"
                + " await pc.setLocalDescription(await pc.createOffer());"
                + " await new Promise(r => { if (pc.iceGatheringState === 'complete') r();"
                + "   pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });"
                + " return pc.localDescription.sdp; }");
        set(pc, new RTCSessionDescription(RTCSdpType.OFFER, offer), false);
        CompletableFuture<RTCSessionDescription> answer = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription d) {
                answer.complete(d);
            }

            @Override
            public void onFailure(String e) {
                answer.completeExceptionally(new IllegalStateException(e));
            }
        });
        set(pc, answer.get(10, TimeUnit.SECONDS), true);
        gathered.get(10, TimeUnit.SECONDS);
        page.evaluate("sdp => window.__bench.pc.setRemoteDescription({type: 'answer', sdp})",
                pc.getLocalDescription().sdp);
        long t0 = System.nanoTime();
        page.evaluate("async total => { const ch = window.__bench.ch;"
                + " if (ch.readyState !== 'open') await new Promise(r => ch.onopen = r);"
                + " const buf = new Uint8Array(262144); crypto.getRandomValues(buf.subarray(0, 65536));"
                + " ch.bufferedAmountLowThreshold = 1 << 20; let sent = 0;"
                + " while (sent < total) { if (ch.bufferedAmount > (4 << 20))"
                + "   await new Promise(r => ch.onbufferedamountlow = r);"
                + "   ch.send(buf); sent += buf.length; } }", (double) BYTES);
        all.get(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        page.evaluate("() => { window.__bench.ch.close(); window.__bench.pc.close(); }");
        for (RTCDataChannel ch : channels) {
            ch.unregisterObserver();
            ch.close();
            ch.dispose();
        }
        pc.close();
        return Math.round((BYTES >> 20) / seconds * 10) / 10.0;
    }

    private static void set(RTCPeerConnection pc, RTCSessionDescription d, boolean local) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        SetSessionDescriptionObserver o = new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                f.complete(null);
            }

            @Override
            public void onFailure(String e) {
                f.completeExceptionally(new IllegalStateException(e));
            }
        };
        if (local) {
            pc.setLocalDescription(d, o);
        } else {
            pc.setRemoteDescription(d, o);
        }
        f.get(10, TimeUnit.SECONDS);
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

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
