package dev.tidings.plugin.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** IN lists in chunks of at most {@link SqlIn#CHUNK}, in order, with matching placeholders. */
class SqlInTest {

  @Test
  void longListsAreCutIntoOrderedChunks() {
    List<Integer> values = IntStream.range(0, 2 * SqlIn.CHUNK + 1).boxed().toList();

    List<List<Integer>> chunks = SqlIn.chunks(values);

    assertThat(chunks).extracting(List::size).containsExactly(SqlIn.CHUNK, SqlIn.CHUNK, 1);
    assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(values);
    assertThat(SqlIn.chunks(List.of())).isEmpty();
  }

  @Test
  void placeholdersMatchTheChunk() {
    assertThat(SqlIn.placeholders(3)).isEqualTo("?,?,?");
    assertThat(SqlIn.placeholders(1)).isEqualTo("?");
  }
}
