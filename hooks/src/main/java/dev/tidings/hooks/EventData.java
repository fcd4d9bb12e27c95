package dev.tidings.hooks;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers that give every event's {@code data} the same shape for actors, repositories and excerpts. */
final class EventData {

  /** Longest excerpt of a comment or review body, in characters. */
  static final int EXCERPT = 280;

  private EventData() {}

  /** {@code {"login":...,"full_name":...}}, or null for no user. */
  static Map<String, Object> user(UserRef user) {
    if (user == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("login", user.login());
    m.put("full_name", user.fullName() == null ? "" : user.fullName());
    return m;
  }

  /** The fields every event carries: repository, actor. */
  static Map<String, Object> base(RepoRef repository, UserRef actor, String baseUrl) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("repository", repository(repository, baseUrl));
    m.put("actor", user(actor));
    return m;
  }

  /** {@code {"full_name","owner","name","private","html_url"}}. */
  static Map<String, Object> repository(RepoRef r, String baseUrl) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("full_name", r.fullName());
    m.put("owner", r.owner());
    m.put("name", r.name());
    m.put("private", r.isPrivate());
    m.put("html_url", repoUrl(r, baseUrl));
    return m;
  }

  /** {@code {baseUrl}{owner}/{name}}. */
  static String repoUrl(RepoRef r, String baseUrl) {
    return base(baseUrl) + r.owner() + "/" + r.name();
  }

  /** The base URL ending with exactly one {@code /}. */
  static String base(String baseUrl) {
    if (baseUrl == null || baseUrl.isEmpty()) {
      return "/";
    }
    return baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
  }

  /** At most {@link #EXCERPT} characters of {@code body}, cut on a code point and marked with an ellipsis. */
  static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String b = body.strip();
    if (b.codePointCount(0, b.length()) <= EXCERPT) {
      return b;
    }
    int end = b.offsetByCodePoints(0, EXCERPT - 1);
    return b.substring(0, end).stripTrailing() + "\u2026";
  }
}
