package io.peerhub.peer.signaling;

import io.peerhub.protocol.Ids;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where to connect: the signaling WebSocket URL and the room id. A room may be given as its id
 * or as the full link a browser shows ({@code https://host/r/ID}); a link alone is enough, a
 * server URL may be {@code http(s)://host[:port]} or {@code ws(s)://host[:port]/ws}.
 */
public record RoomAddress(URI webSocket, String room) {

    private static final Pattern ROOM_LINK = Pattern.compile("(https?)://([^/?#]+)((?:/[^?#]*)?)/r/([^/?#]+)/?(?:[?#].*)?");

    public static RoomAddress parse(String server, String room) {
        if (room == null || room.isBlank()) {
            throw new IllegalArgumentException("a room (id or link) is required");
        }
        room = room.trim();
        Matcher link = ROOM_LINK.matcher(room);
        if (link.matches()) {
            String scheme = link.group(1).equals("https") ? "wss" : "ws";
            String id = checkRoom(link.group(4));
            URI ws = server == null || server.isBlank()
                    ? URI.create(scheme + "://" + link.group(2) + link.group(3) + "/ws")
                    : webSocketOf(server);
            return new RoomAddress(ws, id);
        }
        if (server == null || server.isBlank()) {
            throw new IllegalArgumentException("--server is required when the room is an id, not a link");
        }
        return new RoomAddress(webSocketOf(server), checkRoom(room));
    }

    static URI webSocketOf(String server) {
        URI uri = URI.create(server.trim());
        String scheme = uri.getScheme();
        if (scheme == null || uri.getHost() == null) {
            throw new IllegalArgumentException("server must be an http(s) or ws(s) URL: " + server);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        switch (scheme) {
            case "ws", "wss" -> {
                return uri;
            }
            case "http", "https" -> {
                String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                String ws = (scheme.equals("https") ? "wss" : "ws") + "://" + uri.getRawAuthority() + base + "/ws";
                return URI.create(ws);
            }
            default -> throw new IllegalArgumentException("server must be an http(s) or ws(s) URL: " + server);
        }
    }

    private static String checkRoom(String id) {
        if (!Ids.isRoomId(id)) {
            throw new IllegalArgumentException("room id must be " + Ids.ROOM_ID_MIN_LENGTH + "-"
                    + Ids.ROOM_ID_MAX_LENGTH + " characters of A-Z a-z 0-9 _ -");
        }
        return id;
    }
}
