package io.peerhub.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.peerhub.protocol.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pages: landing, new room, room, the share target's chooser, and the health check. */
public final class WebPages {

    private static final Logger log = LoggerFactory.getLogger(WebPages.class);
    private static final String HTML = "text/html; charset=utf-8";
    private static final String NOT_A_ROOM = """
            <!doctype html>
            <html lang="en"><meta charset="utf-8"><title>No such room - Peerhub</title>
            <p>This is not a Peerhub room link. Check the link, or <a href="/new">open a new room</a>.</p>
            </html>
            """;
    private static final String NOT_BUILT = """
            <!doctype html>
            <html lang="en"><meta charset="utf-8"><title>Peerhub</title>
            <p>This server was built without its web client.</p>
            </html>
            """;

    private final byte[] landing;
    private final byte[] room;
    private final byte[] share;

    /** Reads the pages once: they are small, and a release never changes them while running. */
    public WebPages() {
        landing = ClasspathResources.read("index.html");
        room = ClasspathResources.read("room.html");
        share = ClasspathResources.read("share.html");
        if (landing == null || room == null) {
            log.warn("the web client is missing from the classpath ({}index.html, {}room.html): pages answer 503",
                    ClasspathResources.ROOT, ClasspathResources.ROOT);
        }
    }

    public void routes(RoutesConfig routes) {
        routes.get("/", ctx -> page(ctx, landing));
        // The room page itself: it makes the key in the browser and puts /r/<id>#<key> in the
        // address bar, so no server ever sees a room's key (a redirect would have to carry it).
        routes.get("/new", ctx -> {
            page(ctx, room);
            ctx.header("Cache-Control", "no-store");
        });
        routes.get("/r/{roomId}", ctx -> {
            if (Ids.isRoomId(ctx.pathParam("roomId"))) {
                page(ctx, room);
            } else {
                SecurityHeaders.html(ctx);
                ctx.status(HttpStatus.NOT_FOUND).contentType(HTML).result(NOT_A_ROOM);
            }
        });
        // The share target's chooser. Its POST is the service worker's to take (the files never
        // reach a server); one that arrives here came while no worker ran, so the page says so.
        routes.get("/share", ctx -> page(ctx, share));
        routes.post("/share", ctx -> {
            SecurityHeaders.common(ctx);
            ctx.header("Cache-Control", "no-store");
            ctx.redirect("/share?lost", HttpStatus.SEE_OTHER);
        });
        routes.get("/healthz", ctx -> {
            SecurityHeaders.common(ctx);
            ctx.header("Cache-Control", "no-store");
            ctx.contentType("application/json").result("{\"status\":\"ok\"}");
        });
    }

    private static void page(Context ctx, byte[] html) {
        SecurityHeaders.html(ctx);
        // Always revalidated: the page names the hashed assets of the current release.
        ctx.header("Cache-Control", "no-cache");
        if (html == null) {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(HTML).result(NOT_BUILT);
        } else {
            ctx.contentType(HTML).result(html);
        }
    }
}
