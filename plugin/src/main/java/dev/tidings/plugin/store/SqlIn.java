package dev.tidings.plugin.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code IN (?, ?, ...)} lists of bounded length: SQLite allows a limited number of parameters
 * per statement, so long id lists are queried in chunks of {@value #CHUNK}.
 */
public final class SqlIn {

  /** Values per IN list. */
  public static final int CHUNK = 500;

  private SqlIn() {}

  /** {@code values} in consecutive views of at most {@link #CHUNK}. */
  public static <T> List<List<T>> chunks(List<T> values) {
    List<List<T>> out = new ArrayList<>((values.size() + CHUNK - 1) / CHUNK);
    for (int from = 0; from < values.size(); from += CHUNK) {
      out.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
    }
    return out;
  }

  /** {@code ?,?,...} with {@code n} marks. */
  public static String placeholders(int n) {
    return String.join(",", Collections.nCopies(n, "?"));
  }
}
