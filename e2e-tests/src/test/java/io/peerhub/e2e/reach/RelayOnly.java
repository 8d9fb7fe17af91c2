package io.peerhub.e2e.reach;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;

/**
 * Browser profiles whose pages may use relay candidates only ({@code iceTransportPolicy:
 * "relay"}), set by the test, never by the page: on one host the direct path always works, so
 * this is how a story sees a connection that must go through a relay (or has none). The page's
 * own code is unchanged; the init script wraps its RTCPeerConnection before any script runs,
 * also for a later {@code setConfiguration} (credentials renewed).
 */
final class RelayOnly {

    static final String SCRIPT = """
        (() => {
          const Native = window.RTCPeerConnection;
          const relayOnly = (config) => ({ ...(config ?? {}), iceTransportPolicy: 'relay' });
          class RelayOnlyPeerConnection extends Native {
            constructor(config, ...rest) { super(relayOnly(config), ...rest); }
            setConfiguration(config) { return super.setConfiguration(relayOnly(config)); }
          }
          window.RTCPeerConnection = RelayOnlyPeerConnection;
        })();
        """;

    static BrowserContext context(Browser browser) {
        BrowserContext context = browser.newContext();
        context.addInitScript(SCRIPT);
        return context;
    }

    private RelayOnly() {}
}
