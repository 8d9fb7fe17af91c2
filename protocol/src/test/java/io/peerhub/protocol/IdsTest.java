package io.peerhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.protocol.trust.RoomKey;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Identifiers")
class IdsTest {

    static Stream<Arguments> generators() {
        return Stream.of(
                Arguments.of("room id", (Supplier<String>) () -> RoomKey.generate().roomId(), 22, (Predicate<String>) Ids::isRoomId),
                Arguments.of("peer id", (Supplier<String>) Ids::newPeerId, 22, (Predicate<String>) Ids::isPeerId),
                Arguments.of("resume token", (Supplier<String>) Ids::newResumeToken, 43, (Predicate<String>) Ids::isResumeToken));
    }

    @ParameterizedTest(name = "a new {0} is {2} base64url characters, valid, and never repeats")
    @MethodSource("generators")
    void generatedIdsHaveTheirFormat(String what, Supplier<String> next, int length, Predicate<String> valid) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String id = next.get();
            assertThat(id).hasSize(length).matches("[A-Za-z0-9_-]+");
            assertThat(valid.test(id)).isTrue();
            assertThat(seen.add(id)).isTrue();
        }
    }

    @ParameterizedTest(name = "\"{0}\" is not a peer id")
    @ValueSource(strings = {"", "short", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAA+/", "AAAAAAAAAAAAAAAAAAAAA="})
    void malformedPeerIdsAreRefused(String id) {
        assertThat(Ids.isPeerId(id)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\" is not a room id")
    @ValueSource(strings = {"aaaaaaaaaaaaaaaa", "team-meeting-123", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAA+/"})
    void chosenNamesAndOtherLengthsAreNoRoomIds(String id) {
        assertThat(Ids.isRoomId(id)).isFalse();
    }

    @Test
    void nullIsNoIdOfAnyKind() {
        assertThat(Ids.isRoomId(null)).isFalse();
        assertThat(Ids.isPeerId(null)).isFalse();
        assertThat(Ids.isResumeToken(null)).isFalse();
    }
}
