package io.peerhub.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The built web client, which the web-client jar puts on the classpath under {@code peerhub-web/}. */
final class ClasspathResources {

    static final String ROOT = "peerhub-web/";

    /** The bytes of a resource under {@link #ROOT}, or null when the build has no such file. */
    static byte[] read(String path) {
        try (InputStream in = open(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT + path, e);
        }
    }

    /** A stream of a resource under {@link #ROOT}, or null. */
    static InputStream open(String path) {
        return ClasspathResources.class.getClassLoader().getResourceAsStream(ROOT + path);
    }

    private ClasspathResources() {}
}
