package io.peerhub.e2e.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.peerhub.e2e.Chromium;
import io.peerhub.e2e.PeerProcess;
import io.peerhub.e2e.RoomPage;
import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.server.TurnConfig;
import io.peerhub.server.turn.TurnCredentials;
import io.peerhub.testkit.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage for stories of peers that cannot reach each other: two test hosts ({@code "a"} and
 * {@code "b"}, see {@link TestHosts}), a real coturn and the signaling server on the hub address
 * both reach, and one Chromium per host, living in it. Each page gets the {@link RtcHook}. One
 * stage per test class (namespaces, coturn and two browsers cost a few seconds); fresh rooms and browser
 * profiles per test.
 *
 * <p>Where namespaces cannot be made the same stories run on one host in {@link
 * ReachMode#RELAY_POLICY}; either way the class's output (and so surefire's report of it) has
 * the line "reach stories run in mode ...".
 */
public abstract class ReachStage {

    private static final Logger log = LoggerFactory.getLogger(ReachStage.class);
    /** The two hosts every story has: two people on two networks. */
    protected static final String A = "a";
    protected static final String B = "b";

    protected static ReachMode mode;
    /** Null in {@link ReachMode#RELAY_POLICY}. */
    protected static TestHosts hosts;
    protected static Coturn coturn;
    /** The hub, with the relay in every welcome. */
    protected static PeerhubServer server;
    protected static Playwright playwright;
    private static final Map<String, Browser> browsers = new LinkedHashMap<>();
    private static final List<PeerhubServer> extraServers = new ArrayList<>();
    /** Extra hubs per class (a relay-less one, refused credentials); more would run with insecure pages. */
    private static final int SPARE_HUBS = 3;
    private static final Deque<Integer> spareHubPorts = new ArrayDeque<>();
    private static final Map<RoomPage, String> pageHosts = Collections.synchronizedMap(new WeakHashMap<>());
    protected static Path stageDir;
    /** How long a page may take to say a connection could not come up: it gives up after 15 s. */
    protected static final LocatorAssertions.HasAccessibleNameOptions GIVING_UP =
            new LocatorAssertions.HasAccessibleNameOptions().setTimeout(40_000);

    @BeforeAll
    protected static void startReachStage(TestInfo story) {
        // Coturn's logs and the browser wrappers, per story class: the first place to look after a failure.
        stageDir = Path.of("target", "reach", story.getTestClass().map(Class::getSimpleName).orElse("stage"));
        try {
            mode = makeHosts();
            String hub = hubAddress();
            coturn = Coturn.start(hub, stageDir.resolve("coturn"), mode == ReachMode.RELAY_POLICY);
            server = PeerhubServer.start(withRelay(hubConfig()));
            if (hosts != null) {
                hosts.proveIsolated(server.port());
                hosts.proveIsolated(coturn.port());
            }
            playwright = Chromium.playwright();
            // A hub that peers on different networks share is served over https, so its pages are
            // a secure context (crypto.subtle, origin-private files). This one is plain http on the
            // hub address, which Chromium treats as insecure (only loopback is exempt): the flag
            // gives the stage's pages the context they would have in that deployment.
            // The extra hubs a story starts get ports reserved now, so that their origins are in the list.
            List<String> origins = new ArrayList<>(List.of(server.baseUrl()));
            for (int i = 0; i < SPARE_HUBS; i++) {
                int port = Ports.free();
                spareHubPorts.add(port);
                origins.add("http://" + hub + ":" + port);
            }
            List<String> secureHub = List.of("--unsafely-treat-insecure-origin-as-secure=" + String.join(",", origins));
            for (String h : List.of(A, B)) {
                browsers.put(h, ChromiumIn.launch(playwright, hosts == null ? null : hosts.host(h), hub, secureHub,
                        stageDir));
            }
            log.info("reach stage: {}; {}; hub {}", mode.description(), coturn, server.baseUrl());
            // On standard output, so that surefire's report of the class says which mode it ran in.
            System.out.println("reach stories run in mode " + mode + ": " + mode.description());
        } catch (RuntimeException | Error e) {
            stopReachStage();
            throw e;
        }
    }

    private static ReachMode makeHosts() {
        ReachMode required = ReachMode.required();
        if (required == ReachMode.RELAY_POLICY) {
            return ReachMode.RELAY_POLICY;
        }
        try {
            hosts = TestHosts.create(A, B);
            return ReachMode.TEST_HOSTS;
        } catch (RuntimeException cannot) {
            if (required == ReachMode.TEST_HOSTS) {
                throw cannot;
            }
            log.warn("no network namespaces on this machine ({}): the reach stories run in {}", cannot.getMessage(),
                    ReachMode.RELAY_POLICY);
            return ReachMode.RELAY_POLICY;
        }
    }

    @AfterAll
    protected static void stopReachStage() {
        List<AutoCloseable> parts = new ArrayList<>(browsers.values());
        parts.add(playwright);
        parts.addAll(extraServers);
        parts.add(server);
        parts.add(coturn);
        parts.add(hosts);
        RuntimeException failure = null;
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("tearing the reach stage down failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        browsers.clear();
        extraServers.clear();
        spareHubPorts.clear();
        playwright = null;
        server = null;
        coturn = null;
        hosts = null;
        if (failure != null) {
            throw failure;
        }
    }

    /** The address the signaling server and coturn listen on, which every peer reaches. */
    protected static String hubAddress() {
        return hosts == null ? "127.0.0.1" : hosts.hubAddress();
    }

    /** The test defaults, on the hub address. Its origin needs no allowance: pages come from the hub itself. */
    protected static ServerConfig hubConfig() {
        return ServerConfig.loopback().withBind(hubAddress());
    }

    /**
     * {@code config} with the stage's relay, as an operator sets it up: the hub mints each peer's
     * credentials with coturn's secret ({@code --turn-secret}, {@code --turn-url}).
     */
    protected static ServerConfig withRelay(ServerConfig config) {
        return withRelaySecret(config, coturn.secret());
    }

    /** {@code config} minting credentials for the stage's relay with {@code secret} (coturn's, or a wrong one). */
    protected static ServerConfig withRelaySecret(ServerConfig config, String secret) {
        return config.withTurn(new TurnConfig(secret, List.of(coturn.url()), TurnCredentials.DEFAULT_TTL));
    }

    /** {@code config} handing every peer the one static ICE server {@code turn} (an expired credential, say). */
    protected static ServerConfig withIceServer(ServerConfig config, IceServer turn) {
        return config.withIceServers(List.of(turn));
    }

    /**
     * Starts another hub (a refused credential, a relay-less hub) on one of the ports reserved for
     * them, so that its pages are secure contexts too; the stage closes it.
     */
    protected static PeerhubServer startServer(ServerConfig config) {
        Integer port = spareHubPorts.poll();
        PeerhubServer s = PeerhubServer.start(port == null || config.port() != 0 ? config : config.withPort(port));
        extraServers.add(s);
        return s;
    }

    /** A new room's link on {@code on}. */
    protected static String newRoomUrl(PeerhubServer on) {
        return RoomKey.generate().link(on.baseUrl());
    }

    protected static String newRoomUrl() {
        return newRoomUrl(server);
    }

    /** Opens {@code url} as {@code name} in a fresh profile of host {@code host}'s browser, with the hook. */
    protected static RoomPage openOn(String host, String url, String name) {
        BrowserContext context = browsers.get(host).newContext();
        RtcHook.install(context, mode == ReachMode.RELAY_POLICY);
        RoomPage page = RoomPage.openIn(context, url, name);
        pageHosts.put(page, host);
        return page;
    }

    /** Starts a {@code peerhub-peer} command on host {@code host}. */
    protected static PeerProcess startPeerOn(String host, Path output, String... args) {
        List<String> launcher = hosts == null ? List.of() : hosts.host(host).exec(List.of());
        return PeerProcess.startThrough(launcher, output, args);
    }

    /**
     * The connection {@code page} has to its one peer runs through the stage's relay: the selected
     * candidate pair (read by {@link RtcHook} from {@code getStats()}) has a relay candidate at
     * coturn's address on at least one end, and in {@link ReachMode#TEST_HOSTS} any other end is
     * a test host's own address (this page's locally, the peer's remotely); coturn allocated a
     * relay for this page's credentials. Returns the pair for further checks (its byte counts).
     *
     * <p>Chromium often selects a pair with only one relay end (its own address to the peer's
     * relay, or its relay to the peer's address): each side sends to the other's allocation.
     */
    protected static Map<String, Object> shouldBeRelayed(RoomPage page, String peer) {
        Map<String, Object> pair = await().atMost(Duration.ofSeconds(20))
                .until(() -> RtcHook.selectedPairs(page.page()), pairs -> pairs.size() == 1
                        && "connected".equals(pairs.get(0).get("state")) && pairs.get(0).get("local") != null)
                .get(0);
        assertThat(List.of(pair.get("local"), pair.get("remote"))).as("selected pair %s", pair).contains("relay");
        for (String end : List.of("local", "remote")) {
            Object address = pair.get(end + "Address");
            if ("relay".equals(pair.get(end))) {
                assertThat(address).as("the relay end of %s", pair).isEqualTo(coturn.address());
            } else if (hosts != null) {
                // The other end is a test host's own address: this page's, or the peer's on the other host.
                String own = hosts.host(pageHosts.get(page)).address();
                List<String> others = hosts.hosts().stream().map(NetNamespace::address).filter(a -> !a.equals(own)).toList();
                assertThat(address).as("the %s end of %s", end, pair).isIn(end.equals("local") ? List.of(own) : others);
            }
        }
        assertThat(RtcHook.turnUsernames(page.page())).as("coturn allocated for this page; its log:\n%s", coturn.log())
                .anyMatch(coturn::allocatedFor);
        // The words (issue 10 item 2): the avatar says relayed, via the relay (its own allocation,
        // or the peer's when only that is on the pair), with the round trip.
        PlaywrightAssertions.assertThat(page.avatarOf(peer)).hasAccessibleDescription(Pattern.compile(
                "^relayed via " + coturn.address().replace(".", "\\.") + ":\\d+ · (<1|\\d+) ms round trip"));
        return pair;
    }

    /**
     * Coturn refused {@code page}'s credentials: the page's connection had an {@code
     * icecandidateerror} 401 (Unauthorized) from the relay's URL, and, once gathering is over, no
     * relay candidate; coturn's log has the 401 for the page's username and no allocation; and
     * the avatar of {@code peer} says so in words once the page gives up (15 s, or ICE failed).
     */
    protected static void shouldSeeRelayRefusal(RoomPage page, String peer) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(RtcHook.candidateErrors(page.page()))
                .anySatisfy(e -> {
                    assertThat(((Number) e.get("errorCode")).intValue()).isEqualTo(401);
                    assertThat((String) e.get("url")).startsWith("turn:" + coturn.address() + ":" + coturn.port());
                }));
        await().atMost(Duration.ofSeconds(20)).until(() -> RtcHook.states(page.page()),
                states -> !states.isEmpty() && states.stream().allMatch(st -> "complete".equals(st.get("iceGatheringState"))));
        assertThat(RtcHook.gatheredCandidates(page.page())).noneMatch(c -> "relay".equals(c.get("type")));
        List<String> usernames = RtcHook.turnUsernames(page.page());
        assertThat(usernames).as("coturn refused this page; its log:\n%s", coturn.log())
                .isNotEmpty().allMatch(coturn::refused).noneMatch(coturn::allocatedFor);
        PlaywrightAssertions.assertThat(page.avatarOf(peer)).hasAccessibleName(
                peer + ", could not connect: the relay refused the credentials", GIVING_UP);
    }
}
