package dev.tidings.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Caps every string in an event's {@code data}: a {@code title} at {@value #MAX_TITLE} characters
 * (Gitea's title limit), any other string (commit subjects, names, e-mail addresses, refs) at
 * {@value #MAX_STRING}. A cut string ends with an ellipsis and its map gets a sibling flag
 * {@code <key>_truncated: true} (e.g. {@code "title_truncated":true}, or
 * {@code "message_truncated":true} inside a listed commit). Without this a 4 MB title or commit
 * subject was copied into every later event of the issue and every recipient's notification
 * (security review H4). Characters are code points; a cut never splits a surrogate pair.
 */
public final class FieldLimits {

  /** Most characters of a {@code title} (issue, pull request, notification subject). */
  public static final int MAX_TITLE = 255;
  /** Most characters of any other string in event data (e.g. a commit subject). */
  public static final int MAX_STRING = 1024;
  /** The suffix of the flag set next to a cut field. */
  public static final String FLAG = "_truncated";

  private FieldLimits() {}

  /** A copy of {@code data} with every string capped and flagged; {@code data} itself is not changed. */
  static Map<String, Object> apply(Map<String, Object> data) {
    return apply(data, MAX_TITLE, MAX_STRING);
  }

  /** Like {@link #apply(Map)} with other limits (the plugin's event size guard shrinks harder). */
  public static Map<String, Object> apply(Map<String, Object> data, int maxTitle, int maxString) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : data.entrySet()) {
      String key = e.getKey();
      int max = "title".equals(key) ? maxTitle : maxString;
      boolean[] cut = new boolean[1];
      out.put(key, capValue(e.getValue(), max, maxTitle, maxString, cut));
      if (cut[0]) {
        out.put(key + FLAG, true);
      }
    }
    return out;
  }

  /** {@code s} cut to at most {@code max} code points (the last one an ellipsis), or {@code s} if it fits. */
  public static String cut(String s, int max) {
    if (s == null || s.length() <= max || s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "\u2026";
  }

  @SuppressWarnings("unchecked")
  private static Object capValue(Object value, int max, int maxTitle, int maxString, boolean[] cut) {
    if (value instanceof String s) {
      String c = cut(s, max);
      if (c != s) {
        cut[0] = true;
      }
      return c;
    }
    if (value instanceof Map<?, ?> m) {
      return apply((Map<String, Object>) m, maxTitle, maxString);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(capValue(item, maxString, maxTitle, maxString, cut));
      }
      return out;
    }
    return value;
  }
}
