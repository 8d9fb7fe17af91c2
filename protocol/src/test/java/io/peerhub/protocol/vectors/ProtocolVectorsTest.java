package io.peerhub.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of protocol/vectors, run through the Java implementation. The browser runs the same
 * files (web-client/src/vectors/vectors.test.ts); both print how many cases they ran, and the
 * counts must be equal.
 */
@DisplayName("Protocol vectors (Java)")
class ProtocolVectorsTest {

    private static final List<Vector> VECTORS = VectorFiles.load();
    private static final Map<String, AtomicInteger> RUN = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> every_case_does_what_it_says() {
        return VECTORS.stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> {
            RUN.computeIfAbsent(v.file(), f -> new AtomicInteger()).incrementAndGet();
            assertThat(Check.run(v)).as(v.toString()).isEmpty();
        }));
    }

    @Test
    void every_file_has_a_java_check_and_cases() {
        assertThat(VECTORS).isNotEmpty();
        assertThat(VECTORS).allSatisfy(v -> assertThat(Check.ALL).containsKey(v.kind()));
    }

    @AfterAll
    static void say_how_many_ran() {
        int total = RUN.values().stream().mapToInt(AtomicInteger::get).sum();
        StringBuilder line = new StringBuilder("protocol vectors: " + total + " cases run by Java (");
        RUN.forEach((file, n) -> line.append(file).append(' ').append(n.get()).append(", "));
        line.setLength(line.length() - 2);
        System.out.println(line.append(')'));
    }
}
