package io.peerhub.server.signaling;

/** How ids appear in logs. */
final class LogFormat {

    /**
     * A room link is the room's only access control, so logs carry a prefix of the id: enough to
     * follow one room through the log, too little to enter it (6 characters of 22 leave 96 random bits).
     */
    static String room(String roomId) {
        return roomId.length() <= 6 ? roomId : roomId.substring(0, 6) + "…";
    }

    private LogFormat() {}
}
