package io.peerhub.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The origin check")
class OriginCheckTest {

    @Test
    void withoutAPublicUrlTheOriginMustNameTheHostTheRequestWasSentTo() {
        OriginCheck check = new OriginCheck(null, List.of(), List::of, () -> {});

        assertThat(check.accepts("http://192.168.1.20:8080", "192.168.1.20:8080")).isTrue();
        assertThat(check.accepts("https://hub.example.org", "hub.example.org")).isTrue();
        assertThat(check.accepts("https://evil.example", "hub.example.org")).isFalse();
        assertThat(check.accepts("http://192.168.1.20:8080/path", "192.168.1.20:8080")).isFalse();
        assertThat(check.accepts("chrome-extension://abc", "abc")).isFalse();
    }

    @Test
    void theOtherNodesOriginsAreTheHubsTooEvenAfterTheyAreGone() {
        List<String> nodes = new ArrayList<>(List.of("wss://b.example.org/ws"));
        OriginCheck check = new OriginCheck("https://a.example.org", List.of(), () -> nodes, () -> {});

        assertThat(check.accepts("https://b.example.org", "a.example.org")).isTrue();
        assertThat(check.accepts("https://c.example.org", "c.example.org")).isFalse();
        nodes.clear(); // b was killed and its advertisement expired; its pages still reconnect here
        assertThat(check.accepts("https://b.example.org", "a.example.org")).isTrue();
    }

    @Test
    void aRefusedOriginIsLoggedShortAndOnOneLine() {
        String logged = OriginCheck.printable("https://evil.example\r\nfake log line " + "x".repeat(10_000));

        assertThat(logged).doesNotContain("\n", "\r").startsWith("https://evil.example\\u000d\\u000a");
        assertThat(logged.length()).isLessThan(200);
    }
}
