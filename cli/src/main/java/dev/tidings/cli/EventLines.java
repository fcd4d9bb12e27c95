package dev.tidings.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One human-readable line per event envelope, e.g.
 * {@code 12:03:04 alice/demo push main 3 commits by bob: "fix x"}. Every text from the event is
 * cleaned of control characters first: event texts are written by other people, and a terminal
 * would obey escape sequences hidden in a commit message.
 */
final class EventLines {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final ZoneId zone;

  EventLines(ZoneId zone) {
    this.zone = zone;
  }

  /** The line for {@code envelope} ({@code {"type":"event","event":..,"data":..,"timestamp":..}}). */
  String line(JsonNode envelope) {
    String time = TIME.format(Instant.ofEpochMilli(envelope.path("timestamp").asLong()).atZone(zone));
    return time + " " + describe(envelope.path("event").asText(), envelope.path("data"));
  }

  private static String describe(String event, JsonNode d) {
    String repo = text(d.path("repository").path("full_name"));
    String actor = text(d.path("actor").path("login"));
    String by = actor.isEmpty() ? "" : " by " + actor;
    String where = repo.isEmpty() ? "" : repo + " ";
    switch (event) {
      case "push": {
        String branch = text(d.path("branch"));
        int total = d.path("total_commits").asInt();
        String pusher = text(d.path("pusher").path("login"));
        String head = d.path("forced").asBoolean() ? "force-push " : "push ";
        StringBuilder b = new StringBuilder(where).append(head).append(branch).append(' ');
        if (total == 0) {
          b.append("to ").append(shortSha(d.path("after")));
        } else {
          b.append(total).append(d.path("total_capped").asBoolean() ? "+" : "").append(total == 1 ? " commit" : " commits");
        }
        b.append(" by ").append(pusher.isEmpty() ? actor : pusher);
        JsonNode newest = d.path("commits").path(0);
        if (!newest.isMissingNode()) {
          b.append(": ").append(quoted(newest.path("message")));
        }
        return b.toString();
      }
      case "branch.created":
        return where + "branch created " + text(d.path("branch")) + " at " + shortSha(d.path("sha")) + by;
      case "branch.deleted":
        return where + "branch deleted " + text(d.path("branch")) + " (was " + shortSha(d.path("sha")) + ")" + by;
      case "tag.created":
        return where + "tag created " + text(d.path("tag")) + " at " + shortSha(d.path("sha")) + by;
      case "tag.deleted":
        return where + "tag deleted " + text(d.path("tag")) + " (was " + shortSha(d.path("sha")) + ")" + by;
      case "repo.created", "repo.deleted":
        return where + "repository " + event.substring(5) + by;
      case "notification":
        return notification(d);
      case "notification.read", "notification.updated":
        return "notifications " + (event.equals("notification.read") ? "marked read" : "updated to " + text(d.path("status")))
            + ": " + d.path("total").asInt() + " (unread " + d.path("unread_count").asInt() + ")";
      default:
        if (event.startsWith("pr.") || event.startsWith("issue.")) {
          return where + item(event, d, by);
        }
        String publisher = text(d.path("publisher"));
        return where + clean(event) + by + (publisher.isEmpty() || publisher.equals(actor) ? "" : " via " + publisher);
    }
  }

  /** {@code PR #3 opened by bob: "title"}, {@code issue #4 comment by bob: "excerpt"}, ... */
  private static String item(String event, JsonNode d, String by) {
    boolean pr = event.startsWith("pr.");
    String action = event.substring(pr ? 3 : 6);
    String what = (pr ? "PR #" : "issue #") + d.path("number").asInt() + " ";
    return switch (action) {
      case "comment" -> what + "comment" + by + ": " + quoted(d.path("comment").path("body_excerpt"));
      case "review" -> what + "review " + text(d.path("review").path("state")) + by
          + excerpt(d.path("review").path("body_excerpt"));
      case "review_requested" -> what + "review requested from " + text(d.path("reviewer").path("login")) + by;
      case "assigned" -> what + "assigned to " + joined(d.path("assigned")) + by;
      case "synchronized" -> what + "updated" + by + ": " + shortSha(d.path("before")) + ".." + shortSha(d.path("after"));
      default -> what + clean(action) + by + ": " + quoted(d.path("title"));
    };
  }

  private static String notification(JsonNode d) {
    JsonNode t = d.path("thread");
    JsonNode subject = t.path("subject");
    String reason = text(t.path("reason"));
    return "notification" + (reason.isEmpty() ? "" : " [" + reason + "]") + " "
        + text(t.path("repository").path("full_name")) + " " + text(subject.path("type")) + " "
        + quoted(subject.path("title")) + " (unread " + d.path("unread_count").asInt() + ")";
  }

  private static String excerpt(JsonNode n) {
    String s = text(n);
    return s.isEmpty() ? "" : ": \"" + s + "\"";
  }

  private static String quoted(JsonNode n) {
    return "\"" + text(n) + "\"";
  }

  private static String joined(JsonNode list) {
    StringBuilder b = new StringBuilder();
    for (JsonNode n : list) {
      b.append(b.length() == 0 ? "" : ", ").append(text(n));
    }
    return b.toString();
  }

  private static String shortSha(JsonNode n) {
    String s = text(n);
    return s.length() > 7 ? s.substring(0, 7) : s;
  }

  private static String text(JsonNode n) {
    return n == null || n.isMissingNode() || n.isNull() ? "" : clean(n.asText());
  }

  /** The text on one line without control characters (C0, DEL, C1, line and paragraph separators, bidi overrides). */
  static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        b.append(' ');
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
          || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
        b.append('?');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
