package dev.samplehost.server.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny method + path-pattern router; patterns are like {@code /repos/{owner}/{repo}}, and one
 * segment {@code {name*}} takes one or more segments: the rest of the path when it is last
 * ({@code /branches/{branch*}}), or everything between the segments around it
 * ({@code /commits/{ref*}/status}), e.g. branch names with slashes.
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
    return match(method, split(path));
  }

  /** The route for {@code method} and a path already split into decoded segments. */
  public Optional<Match> match(String method, String[] parts) {
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
    return rest(pattern) >= 0 ? parts >= pattern.length : parts == pattern.length;
  }

  /** The index of the {@code {name*}} segment, or -1. */
  private static int rest(String[] pattern) {
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].startsWith("{") && pattern[i].endsWith("*}")) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, String> matchSegments(String[] pattern, String[] parts) {
    Map<String, String> params = new LinkedHashMap<>();
    int star = rest(pattern);
    // The segments after {name*} match the end of the path; what lies between is its value.
    int shift = star < 0 ? 0 : parts.length - pattern.length;
    for (int i = 0; i < pattern.length; i++) {
      if (i == star) {
        String p = pattern[i];
        String value = String.join("/", java.util.Arrays.copyOfRange(parts, i, i + shift + 1));
        if (value.isEmpty()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 2), value);
        continue;
      }
      String p = pattern[i];
      String part = parts[star >= 0 && i > star ? i + shift : i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (part.isEmpty()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 1), part);
      } else if (!p.equals(part)) {
        return null;
      }
    }
    return params;
  }

  /**
   * The decoded segments of a raw (percent-encoded) path: split on its literal slashes first, so
   * that {@code feature%2Flogin} stays one segment, {@code feature/login}.
   */
  public static String[] segments(String rawPath) {
    String[] parts = split(rawPath);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = org.eclipse.jetty.util.URIUtil.decodePath(parts[i]);
    }
    return parts;
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
