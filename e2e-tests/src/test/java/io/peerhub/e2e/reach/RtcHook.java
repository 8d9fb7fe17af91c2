package io.peerhub.e2e.reach;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;

/**
 * A test's view into a page's WebRTC, from outside the product: an init script (run before the
 * page's own code) replaces {@code RTCPeerConnection} with a subclass that keeps every connection
 * the page makes and records its {@code icecandidateerror}s, its gathered candidates and the TURN
 * usernames it was configured with (so a story can find them in coturn's log). The stories
 * read the selected candidate pair from {@code getStats()} through it, which is how they prove a
 * path went through the relay whatever the page says about it.
 *
 * <p>With {@code relayOnly} the subclass also sets {@code iceTransportPolicy: "relay"}: the mode
 * for machines without network namespaces, where both peers share one host and only that policy
 * keeps them off the direct path.
 */
public final class RtcHook {

    private static final String SCRIPT = """
            (() => {
              const Native = window.RTCPeerConnection;
              if (!Native || window.__reach) return;
              const reach = window.__reach = { relayOnly: %s, pcs: [], candidateErrors: [], candidates: [], turnUsernames: [] };
              // Relay-only is kept through setConfiguration too: renewed credentials come that way.
              const configured = (config) => {
                const c = Object.assign({}, config || {});
                if (reach.relayOnly) c.iceTransportPolicy = 'relay';
                for (const server of (c.iceServers || [])) {
                  if (server.username && !reach.turnUsernames.includes(server.username)) reach.turnUsernames.push(server.username);
                }
                return c;
              };
              class Watched extends Native {
                constructor(config, ...rest) {
                  super(configured(config), ...rest);
                  reach.pcs.push(this);
                  this.addEventListener('icecandidateerror', e => reach.candidateErrors.push({
                    errorCode: e.errorCode, errorText: e.errorText || '', url: e.url || '',
                    address: e.address || '', port: e.port || 0 }));
                  this.addEventListener('icecandidate', e => {
                    if (e.candidate && e.candidate.candidate) reach.candidates.push({
                      type: e.candidate.type || '', address: e.candidate.address || '',
                      protocol: e.candidate.protocol || '' });
                  });
                }
                setConfiguration(config) {
                  return super.setConfiguration(configured(config));
                }
              }
              window.RTCPeerConnection = Watched;
            })();
            """;

    /**
     * Each open connection's selected pair: {@code state}, and when a pair is selected {@code local}
     * and {@code remote} (candidate types: host, srflx, prflx, relay), their addresses, and the
     * bytes the pair carried.
     */
    private static final String SELECTED_PAIRS = """
            async () => {
              const out = [];
              for (const pc of (window.__reach ? window.__reach.pcs : [])) {
                if (pc.connectionState === 'closed') continue;
                const stats = await pc.getStats();
                let pair = null;
                stats.forEach(s => {
                  if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
                });
                const row = { state: pc.connectionState };
                if (pair) {
                  const l = stats.get(pair.localCandidateId), r = stats.get(pair.remoteCandidateId);
                  Object.assign(row, { local: l.candidateType, localAddress: l.address,
                    remote: r.candidateType, remoteAddress: r.address,
                    bytesSent: pair.bytesSent || 0, bytesReceived: pair.bytesReceived || 0 });
                }
                out.push(row);
              }
              return out;
            }
            """;

    private RtcHook() {}

    /** Installs the hook in every page {@code context} opens from now on. */
    public static void install(BrowserContext context, boolean relayOnly) {
        context.addInitScript(SCRIPT.formatted(relayOnly));
    }

    /** The selected candidate pair of each of the page's open connections (see {@link #SELECTED_PAIRS}). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> selectedPairs(Page page) {
        return (List<Map<String, Object>>) page.evaluate(SELECTED_PAIRS);
    }

    /** Every {@code icecandidateerror} the page's connections had: errorCode, errorText, url, address, port. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> candidateErrors(Page page) {
        return (List<Map<String, Object>>) page.evaluate("() => window.__reach ? window.__reach.candidateErrors : []");
    }

    /** Every candidate the page's connections gathered: type, address, protocol. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> gatheredCandidates(Page page) {
        return (List<Map<String, Object>>) page.evaluate("() => window.__reach ? window.__reach.candidates : []");
    }

    /** The TURN usernames the page's connections were made with (the hub's credentials for this page). */
    @SuppressWarnings("unchecked")
    public static List<String> turnUsernames(Page page) {
        return (List<String>) page.evaluate("() => window.__reach ? window.__reach.turnUsernames : []");
    }

    /** Each connection the page made, closed ones included: connectionState, iceConnectionState, iceGatheringState. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> states(Page page) {
        return (List<Map<String, Object>>) page.evaluate("() => (window.__reach ? window.__reach.pcs : []).map(pc => ({"
                + " connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState,"
                + " iceGatheringState: pc.iceGatheringState }))");
    }

    /** Whether the page's RTCPeerConnection is the hook's (the init script ran before the page's code). */
    public static boolean isInstalled(Page page) {
        return Boolean.TRUE.equals(page.evaluate("() => !!window.__reach"));
    }
}
