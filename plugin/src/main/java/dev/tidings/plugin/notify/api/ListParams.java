package dev.tidings.plugin.notify.api;

import dev.tidings.plugin.notify.ThreadStatus;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.ProblemCode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.util.Fields;

/** Gitea's query parameters of the notification calls, parsed with Gitea's defaults and leniency. */
final class ListParams {

  static final int DEFAULT_LIMIT = 30;
  static final int MAX_LIMIT = 50;

  private ListParams() {}

  /** Go's ParseBool; anything else is false (Gitea's FormBool ignores parse errors). */
  static boolean bool(Fields q, String name) {
    String v = q.getValue(name);
    if (v == null) {
      return false;
    }
    return switch (v.trim()) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      default -> false;
    };
  }

  /**
   * Repeated {@code status-types}: known values, or {@code defaults} when absent; when every given
   * value is unknown no filter applies (empty set).
   */
  static Set<ThreadStatus> statuses(Fields q, Set<ThreadStatus> defaults) {
    List<String> values = q.getValues("status-types");
    if (values == null || values.isEmpty()) {
      return defaults;
    }
    Set<ThreadStatus> out = EnumSet.noneOf(ThreadStatus.class);
    for (String v : values) {
      ThreadStatus.parse(v).ifPresent(out::add);
    }
    return out;
  }

  /** Repeated {@code subject-type} as stored type names; unknown values are ignored, none known means any. */
  static Set<String> subjectTypes(Fields q) {
    List<String> values = q.getValues("subject-type");
    Set<String> out = new LinkedHashSet<>();
    if (values == null) {
      return out;
    }
    for (String v : values) {
      switch (v.trim().toLowerCase(Locale.ROOT)) {
        case "issue" -> out.add("Issue");
        case "pull" -> out.add("Pull");
        case "commit" -> out.add("Commit");
        case "repository" -> out.add("Repository");
        default -> { }
      }
    }
    return out;
  }

  /**
   * An RFC 3339 time in epoch seconds, null when absent or empty; a malformed value is answered
   * with {@code status} (Gitea: 422 on the lists, 400 for {@code last_read_at}).
   */
  static Long time(Fields q, String name, int status) {
    String v = q.getValue(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v.trim()).toEpochSecond();
    } catch (DateTimeParseException e) {
      String message = "parsing time \"" + v + "\" as RFC 3339 failed: " + e.getMessage();
      throw status == 422 ? HttpProblem.invalid(message, null) : new HttpProblem(status, ProblemCode.BAD_REQUEST, message);
    }
  }

  /** 1-based page (0 or negative is 1). */
  static int page(Fields q) {
    int p = integer(q.getValue("page"));
    return p <= 0 ? 1 : p;
  }

  /** Page size: default 30, at most 50. */
  static int limit(Fields q) {
    int l = integer(q.getValue("limit"));
    return l <= 0 ? DEFAULT_LIMIT : Math.min(l, MAX_LIMIT);
  }

  private static int integer(String v) {
    if (v == null) {
      return 0;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
