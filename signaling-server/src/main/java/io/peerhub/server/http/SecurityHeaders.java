package io.peerhub.server.http;

import io.javalin.http.Context;

/** The headers every page carries. */
final class SecurityHeaders {

    /**
     * Only our own scripts, styles and connections; {@code 'wasm-unsafe-eval'} lets the page compile
     * the WebAssembly it ships (CRDT sync), and inline styles are allowed because the UI sets
     * element styles from script. No framing (clickjacking), no {@code <base>} tricks.
     */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "connect-src 'self' ws: wss:",
            "frame-ancestors 'none'",
            "base-uri 'none'");

    /** For every response: never guess a content type. */
    static void common(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
    }

    /** For HTML: the policy, and no Referer, since the room link in the address bar is the room's key. */
    static void html(Context ctx) {
        common(ctx);
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("Referrer-Policy", "no-referrer");
    }

    private SecurityHeaders() {}
}
