package dev.samplehost.server.web;

import dev.samplehost.server.domain.CommitState;
import dev.samplehost.server.domain.CommitStatus;
import java.util.List;

/**
 * The HTML of commit statuses: a state badge (symbol and word, not colour alone) and the "Checks"
 * section of a pull request. Plugins update both live by the data attributes documented in
 * docs/browser-client.md ({@code data-host-commit-status}, {@code data-host-statuses}).
 */
final class StatusViews {

  private StatusViews() {}

  /** The symbol shown before a state's word. */
  static String symbol(CommitState state) {
    return switch (state) {
      case SUCCESS -> "✓";
      case PENDING -> "●";
      case WARNING -> "!";
      case FAILURE, ERROR -> "✗";
    };
  }

  /** {@code <span class="ci-state ci-state--success" data-host-commit-status="success">✓ success</span>}. */
  static String badge(CommitState state, String label) {
    String wire = state.wire();
    return "<span class=\"ci-state ci-state--" + wire + "\" data-host-commit-status=\"" + wire + "\" title=\""
        + Html.esc(label) + ": " + wire + "\"><span aria-hidden=\"true\">" + symbol(state) + "</span> " + wire + "</span>";
  }

  /** The "Checks" section of a pull request whose head is {@code sha}: one row per context, latest first. */
  static void section(StringBuilder b, String sha, List<CommitStatus> latest, CommitState combined) {
    b.append("<section class=\"ci-statuses card\" data-host-statuses data-sha=\"").append(Html.esc(sha))
        .append("\" aria-labelledby=\"ci-statuses-title\"><h2 id=\"ci-statuses-title\">Checks</h2>")
        .append("<p class=\"ci-combined\" data-host-combined-status=\"").append(combined == null ? "" : combined.wire())
        .append("\" aria-live=\"polite\">");
    if (combined == null) {
      b.append("No checks reported for this commit yet.");
    } else {
      b.append("All checks: ").append(badge(combined, "All checks"));
    }
    b.append("</p><ul class=\"list ci-contexts\">");
    for (CommitStatus s : latest) {
      row(b, s);
    }
    b.append("</ul></section>");
  }

  private static void row(StringBuilder b, CommitStatus s) {
    String context = Html.esc(s.context());
    b.append("<li data-context=\"").append(context).append("\" data-state=\"").append(s.state().wire()).append("\">")
        .append(badge(s.state(), s.context())).append(" <strong class=\"ci-context\">").append(context).append("</strong>");
    if (!s.description().isEmpty()) {
      b.append(" <span class=\"muted ci-description\">").append(Html.esc(s.description())).append("</span>");
    }
    if (s.state() == CommitState.PENDING && s.progress() != null) {
      b.append(" <progress class=\"ci-progress\" max=\"100\" value=\"").append(s.progress()).append("\" aria-label=\"")
          .append(context).append(" progress\">").append(s.progress()).append("%</progress> <span class=\"ci-percent\">")
          .append(s.progress()).append("%</span>");
    }
    if (s.targetUrl().startsWith("http://") || s.targetUrl().startsWith("https://")) {
      b.append(" <a class=\"ci-details\" href=\"").append(Html.esc(s.targetUrl())).append("\">Details</a>");
    }
    b.append("</li>");
  }
}
