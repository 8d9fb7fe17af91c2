package io.peerhub.e2e.reach;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short system command ({@code ip}, {@code bash}) run to its end, its output kept for the
 * failure message. The set-up of test hosts is a few dozen of these; a hung one must not hang
 * the build, hence the bound.
 */
record Command(List<String> args) {

    /** Far more than any {@code ip} call takes; a probe that hangs longer is a broken machine. */
    private static final long TIMEOUT_SECONDS = 20;

    static Command of(String... args) {
        return new Command(List.of(args));
    }

    /** The exit code and the merged standard output and error. */
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    Result run() {
        Path out = null;
        Process process = null;
        try {
            // A file, not a pipe: reading a pipe would wait for a hung command forever.
            out = Files.createTempFile("peerhub-cmd", ".out");
            process = new ProcessBuilder(args).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(args + " still running after " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + args, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + args, e);
        } finally {
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    /** Runs, and throws with the command's own words unless it exits 0. */
    String check() {
        Result r = run();
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", args) + " failed (" + r.exit() + "): " + r.output());
        }
        return r.output();
    }
}
