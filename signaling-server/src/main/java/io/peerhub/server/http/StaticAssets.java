package io.peerhub.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /assets/*}: the web client's hashed files. A file's name changes whenever its content
 * does, so browsers may keep each one for a year without asking again.
 */
public final class StaticAssets {

    private static final String FOLDER = "assets/";
    private static final String CACHE_FOREVER = "public, max-age=31536000, immutable";

    /** Plain names in plain folders: no "..", no backslashes, no empty segments, a file extension. */
    private static final Pattern SAFE_PATH =
            Pattern.compile("(?:[A-Za-z0-9_][A-Za-z0-9._-]*/)*[A-Za-z0-9_][A-Za-z0-9._-]*\\.[A-Za-z0-9]+");

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    public void routes(RoutesConfig routes) {
        routes.get("/assets/<path>", this::serve);
    }

    private void serve(Context ctx) {
        SecurityHeaders.common(ctx);
        String path = ctx.pathParam("path");
        InputStream in = SAFE_PATH.matcher(path).matches() ? ClasspathResources.open(FOLDER + path) : null;
        if (in == null) {
            ctx.status(HttpStatus.NOT_FOUND).contentType("text/plain; charset=utf-8").result("Not found");
            return;
        }
        ctx.header("Cache-Control", CACHE_FOREVER);
        ctx.contentType(contentType(path));
        ctx.result(in);
    }

    static String contentType(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
