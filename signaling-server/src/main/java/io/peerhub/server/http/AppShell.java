package io.peerhub.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * What makes the web client an installable app: the service worker at the root (its scope is
 * the folder it is served from), the web app manifest, its icons, and the offline page the worker
 * answers with when a page cannot be fetched.
 *
 * <p>None of these carries a hash in its name, so browsers must ask again each time (the worker is
 * also checked for updates on every navigation: a new release reaches a browser that way).
 */
public final class AppShell {

    private static final String JS = "text/javascript; charset=utf-8";
    private static final String MANIFEST = "application/manifest+json";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String REVALIDATE = "no-cache";
    private static final String ICON_CACHE = "public, max-age=86400";
    private static final Pattern ICON = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.png");

    private final byte[] worker;
    private final byte[] manifest;
    private final byte[] offline;

    /** Reads the files once, like {@link WebPages}: a release never changes them while running. */
    public AppShell() {
        worker = ClasspathResources.read("sw.js");
        manifest = ClasspathResources.read("manifest.webmanifest");
        offline = ClasspathResources.read("offline.html");
    }

    public void routes(RoutesConfig routes) {
        routes.get("/sw.js", ctx -> {
            // The worker's own fetches fall under the policy sent with its script.
            SecurityHeaders.html(ctx);
            serve(ctx, worker, JS);
        });
        routes.get("/manifest.webmanifest", ctx -> {
            SecurityHeaders.common(ctx);
            serve(ctx, manifest, MANIFEST);
        });
        routes.get("/offline.html", ctx -> {
            SecurityHeaders.html(ctx);
            serve(ctx, offline, HTML);
        });
        routes.get("/icons/{name}", this::icon);
    }

    private void icon(Context ctx) {
        SecurityHeaders.common(ctx);
        String name = ctx.pathParam("name");
        InputStream in = ICON.matcher(name).matches() ? ClasspathResources.open("icons/" + name) : null;
        if (in == null) {
            notFound(ctx);
            return;
        }
        ctx.header("Cache-Control", ICON_CACHE);
        ctx.contentType("image/png").result(in);
    }

    private static void serve(Context ctx, byte[] body, String type) {
        if (body == null) {
            notFound(ctx);
            return;
        }
        ctx.header("Cache-Control", REVALIDATE);
        ctx.contentType(type).result(body);
    }

    private static void notFound(Context ctx) {
        ctx.status(HttpStatus.NOT_FOUND).contentType("text/plain; charset=utf-8").result("Not found");
    }
}
