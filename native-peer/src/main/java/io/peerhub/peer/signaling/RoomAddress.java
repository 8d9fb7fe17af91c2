package io.peerhub.peer.signaling;

import io.peerhub.protocol.Ids;
import io.peerhub.protocol.trust.RoomKey;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where to connect: the signaling WebSocket URL and the room's key. A room is given as the whole
 * link a browser shows ({@code https://host/r/ID#KEY}, which is enough on its own) or as
 * {@code ID#KEY} with a server URL, {@code http(s)://host[:port]} or {@code ws(s)://host[:port]/ws}.
 * The key is what lets us in (docs/protocol.md "The room key"): a room without it is refused
 * here, with words, before anything connects.
 */
public record RoomAddress(URI webSocket, RoomKey key) {

    private static final Pattern ROOM_LINK = Pattern.compile("(https?)://([^/?#]+)((?:/[^?#]*)?)/r/([^/?#]+)/?(?:\\?[^#]*)?(#.*)?");

    /** The room id, derived from the key. */
    public String room() {
        return key.roomId();
    }

    public static RoomAddress parse(String server, String room) {
        if (room == null || room.isBlank()) {
            throw new IllegalArgumentException("a room link is required");
        }
        room = room.trim();
        Matcher link = ROOM_LINK.matcher(room);
        if (link.matches()) {
            String scheme = link.group(1).equals("https") ? "wss" : "ws";
            RoomKey key = keyOf(link.group(4), link.group(5));
            URI ws = server == null || server.isBlank()
                    ? URI.create(scheme + "://" + link.group(2) + link.group(3) + "/ws")
                    : webSocketOf(server);
            return new RoomAddress(ws, key);
        }
        if (server == null || server.isBlank()) {
            throw new IllegalArgumentException("--server is required when the room is ID#KEY, not a link");
        }
        int hash = room.indexOf('#');
        return new RoomAddress(webSocketOf(server),
                keyOf(hash < 0 ? room : room.substring(0, hash), hash < 0 ? null : room.substring(hash)));
    }

    /** The link of this room under the server's base URL, as people share it. */
    public String link(String baseUrl) {
        return key.link(baseUrl);
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

    private static RoomKey keyOf(String id, String fragment) {
        if (!Ids.isRoomId(id)) {
            throw new IllegalArgumentException("room id must be " + Ids.ROOM_ID_LENGTH + " characters of A-Z a-z 0-9 _ -");
        }
        if (fragment == null || fragment.length() <= 1) {
            throw new IllegalArgumentException("this room link is incomplete: it must end with # and the room's key "
                    + "(quote the link in the shell, or the # may start a comment)");
        }
        RoomKey key = RoomKey.parse(fragment.substring(1));
        if (key == null) {
            throw new IllegalArgumentException("the part after # is not a room key (" + RoomKey.KEY_LENGTH
                    + " characters of A-Z a-z 0-9 _ -)");
        }
        if (!key.roomId().equals(id)) {
            throw new IllegalArgumentException("the key after # does not open room " + id + ": the link was changed or cut");
        }
        return key;
    }
}
