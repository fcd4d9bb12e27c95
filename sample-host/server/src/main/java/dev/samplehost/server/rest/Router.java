package dev.samplehost.server.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny method + path-pattern router; patterns are like {@code /repos/{owner}/{repo}}, and a last
 * segment {@code {name*}} takes the rest of the path.
 */
public final class Router {

  private final List<Entry> entries = new ArrayList<>();

  /** A route found for a request, with the values of its path variables. */
  public record Match(Route route, Map<String, String> params) {}

  private record Entry(String method, String[] segments, Route route) {}

  /** Adds {@code route} for {@code method} and {@code pattern} (path below {@code /api/v1}). */
  public Router add(String method, String pattern, Route route) {
    entries.add(new Entry(method, split(pattern), route));
    return this;
  }

  /** The route for {@code method} and {@code path}, if one is registered. */
  public Optional<Match> match(String method, String path) {
    String[] parts = split(path);
    for (Entry e : entries) {
      if (!e.method.equals(method) || !lengthFits(e.segments, parts.length)) {
        continue;
      }
      Map<String, String> params = matchSegments(e.segments, parts);
      if (params != null) {
        return Optional.of(new Match(e.route, params));
      }
    }
    return Optional.empty();
  }

  private static boolean lengthFits(String[] pattern, int parts) {
    boolean rest = pattern.length > 0 && pattern[pattern.length - 1].endsWith("*}");
    return rest ? parts >= pattern.length : parts == pattern.length;
  }

  private static Map<String, String> matchSegments(String[] pattern, String[] parts) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("*}")) {
        // A trailing {name*} takes the rest of the path, e.g. branch names with slashes.
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length));
        if (rest.isEmpty()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 2), rest);
        return params;
      }
      if (p.startsWith("{") && p.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 1), parts[i]);
      } else if (!p.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }

  private static String[] split(String path) {
    String trimmed = path;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }
}
