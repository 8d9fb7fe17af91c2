package io.peerhub.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case can fail: a copy of it with its expectation broken (in memory, see
 * {@link Mutations}) is reported as a failure by the Java runner. The browser's suite does the
 * same with the same mutations.
 */
@DisplayName("A broken copy of any vector fails the Java run")
class BrokenVectorsTest {

    @TestFactory
    Stream<DynamicTest> a_broken_copy_of_each_case_fails() {
        return VectorFiles.load().stream().map(Mutations::broken).map(v -> DynamicTest.dynamicTest(v.toString(),
                () -> assertThat(Check.run(v)).as("%s should fail", v).isPresent()));
    }
}
