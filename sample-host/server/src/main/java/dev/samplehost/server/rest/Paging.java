package dev.samplehost.server.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Gitea pagination: {@code page} (1-based) and {@code limit} (default 30, at most 50). */
public record Paging(int page, int limit) {

  /** Gitea's {@code DEFAULT_PAGING_NUM}. */
  public static final int DEFAULT_LIMIT = 30;
  /** Gitea's {@code MAX_RESPONSE_ITEMS}. */
  public static final int MAX_LIMIT = 50;

  /** The paging asked for by {@code call}'s query; bad numbers fall back to the defaults. */
  public static Paging of(ApiCall call) {
    int page = parse(call.query("page").orElse(null), 1);
    int limit = parse(call.query("limit").orElse(null), DEFAULT_LIMIT);
    if (page <= 0) {
      page = 1;
    }
    if (limit <= 0) {
      limit = DEFAULT_LIMIT;
    }
    return new Paging(page, Math.min(limit, MAX_LIMIT));
  }

  private static int parse(String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The items of this page out of {@code all}. */
  public <T> List<T> slice(List<T> all) {
    long from = (long) (page - 1) * limit;
    if (from >= all.size()) {
      return List.of();
    }
    return all.subList((int) from, (int) Math.min(all.size(), from + limit));
  }

  /** A 200 answer with one page of {@code all}, {@code X-Total-Count} and, if {@code link}, a Link header. */
  public <T> ApiResult answer(ApiCall call, List<T> all, boolean link) {
    ApiResult result = ApiResult.ok(slice(all)).header("X-Total-Count", Integer.toString(all.size()));
    String exposed = "X-Total-Count";
    if (link) {
      String header = linkHeader(call, all.size());
      if (!header.isEmpty()) {
        result.header("Link", header);
        exposed = "Link, X-Total-Count";
      }
    }
    return result.header("Access-Control-Expose-Headers", exposed);
  }

  /** A 200 answer with items already paged by a service and the total count of all matches. */
  public <T> ApiResult answerPage(ApiCall call, List<T> items, long total, boolean link) {
    ApiResult result = ApiResult.ok(items).header("X-Total-Count", Long.toString(total));
    String exposed = "X-Total-Count";
    if (link) {
      String header = linkHeader(call, (int) Math.min(Integer.MAX_VALUE, total));
      if (!header.isEmpty()) {
        result.header("Link", header);
        exposed = "Link, X-Total-Count";
      }
    }
    return result.header("Access-Control-Expose-Headers", exposed);
  }

  /** Gitea's Link header: next, last, first, prev, comma-joined without spaces. */
  String linkHeader(ApiCall call, int total) {
    int last = Math.max(1, (total + limit - 1) / limit);
    List<String> parts = new ArrayList<>();
    if (page < last) {
      parts.add(link(call, page + 1, "next"));
      parts.add(link(call, last, "last"));
    }
    if (page > 1) {
      parts.add(link(call, 1, "first"));
      parts.add(link(call, Math.min(page - 1, last), "prev"));
    }
    return String.join(",", parts);
  }

  private String link(ApiCall call, int target, String rel) {
    StringBuilder query = new StringBuilder();
    for (String part : call.rawQuery().split("&")) {
      String name = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
      if (part.isEmpty() || name.equals("page")) {
        continue;
      }
      query.append(query.length() > 0 ? "&" : "").append(part);
    }
    append(query, "page", Integer.toString(target));
    return "<" + call.apiUrl() + call.path() + "?" + query + ">; rel=\"" + rel + "\"";
  }

  private static void append(StringBuilder query, String name, String value) {
    if (query.length() > 0) {
      query.append('&');
    }
    query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
