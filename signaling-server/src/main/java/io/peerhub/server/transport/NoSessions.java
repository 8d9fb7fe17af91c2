package io.peerhub.server.transport;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;

/**
 * HTTP sessions that are never kept. Peerhub has no use for them (a peer's identity is its resume
 * token and device key), but Javalin asks for one on every WebSocket upgrade (it copies the
 * session's attributes into the connection's context), so with Jetty's default every connection,
 * refused or not, left a session in memory for 30 minutes and a {@code JSESSIONID} cookie on the
 * 101: the socket fuzz's 1,600 connections left 2,295 sessions behind. With a cache that keeps
 * nothing and a store that stores nothing, the session lives as long as the upgrade request, and
 * no cookie is set.
 */
public final class NoSessions {

    public static void on(ServletContextHandler context) {
        SessionHandler sessions = new SessionHandler();
        NullSessionCache cache = new NullSessionCache(sessions);
        cache.setSessionDataStore(new NullSessionDataStore());
        sessions.setSessionCache(cache);
        sessions.setUsingCookies(false);
        context.setSessionHandler(sessions);
    }

    private NoSessions() {}
}
