package io.peerhub.peer.cli;

import io.peerhub.peer.signaling.RoomAddress;
import picocli.CommandLine.Option;

/** Where to connect; shared by every command. Each option can also come from an environment variable. */
final class RoomOptions {

    @Option(names = "--server", defaultValue = "${env:PEERHUB_SERVER}",
            description = "Signaling server, http(s)://host[:port] or ws(s)://host/ws (env PEERHUB_SERVER). "
                    + "Optional when --room is a full room link.")
    String server;

    @Option(names = "--room", required = true, defaultValue = "${env:PEERHUB_ROOM}",
            description = "The whole room link a browser shows, e.g. 'https://hub.example.org/r/ID#KEY' (quote it: the key follows the #), or ID#KEY with --server (env PEERHUB_ROOM).")
    String room;

    RoomAddress address() {
        return RoomAddress.parse(server, room);
    }
}
