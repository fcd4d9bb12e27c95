package dev.tidings.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ids are unique, 26 Crockford characters and sort by creation. */
class EventIdsTest {

  @Test
  void idsAreUniqueAndSortInCreationOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(EventIds.next());
    }
    assertThat(new HashSet<>(ids)).hasSize(ids.size());
    assertThat(ids).isSorted();
    assertThat(ids.get(0)).matches("[0-9A-HJKMNP-TV-Z]{26}");
  }

  @Test
  void theTimePartSortsAcrossMilliseconds() {
    String a = EventIds.next(System.currentTimeMillis() + 1000);
    String b = EventIds.next(System.currentTimeMillis() + 5000);
    assertThat(a.substring(0, 10)).isLessThan(b.substring(0, 10));
  }
}
