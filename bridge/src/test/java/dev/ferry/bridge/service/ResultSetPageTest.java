package dev.ferry.bridge.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jivesoftware.smackx.rsm.packet.RSMSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** XEP-0059 paging over a list of five, with the examples of XEP-0059 §2 in mind. */
class ResultSetPageTest {

    private static final List<String> ALL = List.of("a", "b", "c", "d", "e");

    static RSMSet set(int max, String after, String before, int index) {
        return new RSMSet(after, before, -1, index, null, max, null, -1);
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                arguments("no paging asked: up to the default", null, 10, List.of("a", "b", "c", "d", "e"), 0),
                arguments("no paging asked, default smaller than the list", null, 3, List.of("a", "b", "c"), 0),
                arguments("first page", set(2, null, null, -1), 10, List.of("a", "b"), 0),
                arguments("after b", set(2, "b", null, -1), 10, List.of("c", "d"), 2),
                arguments("after d: the rest", set(2, "d", null, -1), 10, List.of("e"), 4),
                arguments("after the last: empty", set(2, "e", null, -1), 10, List.of(), -1),
                arguments("last page: empty before", set(2, null, "", -1), 10, List.of("d", "e"), 3),
                arguments("before c", set(2, null, "c", -1), 10, List.of("a", "b"), 0),
                arguments("before b: only a", set(2, null, "b", -1), 10, List.of("a"), 0),
                arguments("from index 3", set(2, null, null, 3), 10, List.of("d", "e"), 3),
                arguments("index past the end", set(2, null, null, 9), 10, List.of(), -1),
                arguments("max 0: the count only", set(0, null, null, -1), 10, List.of(), -1),
                arguments("a client's max never exceeds ours", set(500, null, null, -1), 4, List.of("a", "b", "c", "d"), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void pages(String name, RSMSet request, int defaultMax, List<String> expected, int firstIndex) throws Exception {
        ResultSetPage<String> page = ResultSetPage.of(ALL, ALL, Optional.ofNullable(request), defaultMax);

        assertThat(page.items()).containsExactlyElementsOf(expected);
        assertThat(page.response().getCount()).isEqualTo(5);
        if (expected.isEmpty()) {
            assertThat(page.response().getFirst()).isNull();
            assertThat(page.response().getLast()).isNull();
        } else {
            assertThat(page.response().getFirst()).isEqualTo(expected.get(0));
            assertThat(page.response().getFirstIndex()).isEqualTo(firstIndex);
            assertThat(page.response().getLast()).isEqualTo(expected.get(expected.size() - 1));
        }
    }

    @ParameterizedTest(name = "unknown {0}")
    @MethodSource("unknownKeys")
    void anUnknownItemIsItemNotFound(String which, RSMSet request) {
        assertThatThrownBy(() -> ResultSetPage.of(ALL, ALL, Optional.of(request), 10))
                .isInstanceOf(ResultSetPage.UnknownItemException.class).hasMessageContaining("zz");
    }

    static Stream<Arguments> unknownKeys() {
        return Stream.of(arguments("after", set(2, "zz", null, -1)), arguments("before", set(2, null, "zz", -1)));
    }
}
