package dev.tidings.plugin.cluster.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stream entry fields as a script returns them: a flat list of name, value, name, value. */
final class RedisFields {

  private RedisFields() {}

  static Map<String, String> of(List<?> flat) {
    Map<String, String> m = new HashMap<>(flat.size());
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      m.put((String) flat.get(i), (String) flat.get(i + 1));
    }
    return m;
  }
}
