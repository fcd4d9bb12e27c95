package dev.tidings.plugin.notify.email;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Writes the emails: one per thread update with Gitea's subject ({@code [owner/repo] Title (#3)}),
 * or one daily digest listing every update; plain text and simple HTML, each with a link to the
 * thread and an unsubscribe link (also in the List-Unsubscribe header, see {@link SmtpMailer}).
 */
@Singleton
public final class MailComposer {

  private final EmailSettings settings;
  private final UnsubscribeTokens tokens;

  @Inject
  public MailComposer(EmailSettings settings, UnsubscribeTokens tokens) {
    this.settings = settings;
    this.tokens = tokens;
  }

  /** The one-click unsubscribe URL of a user. */
  public String unsubscribeUrl(long userId) {
    return settings.baseUrl() + "plugins/tidings/email/unsubscribe?token=" + tokens.token(userId);
  }

  /** The email about one thread update. */
  public Mail single(String to, OutboxRow r) {
    String subject = subject(r);
    String unsub = unsubscribeUrl(r.userId());
    String link = link(r);
    String what = what(r);
    String text = what + "\n\n" + link + "\n\n-- \nYou get this email because " + because(r.reason())
        + ".\nStop these emails: " + unsub + "\nChange your preferences: " + settings.baseUrl() + "plugins/tidings/settings\n";
    String html = "<!doctype html><html><body style=\"font-family:sans-serif\"><p>" + esc(what) + "</p>"
        + "<p><a href=\"" + esc(link) + "\">View it on " + esc(r.repoFullName()) + "</a></p>"
        + footer(r.reason(), unsub) + "</body></html>";
    return new Mail(to, subject, text, html, unsub);
  }

  /** The daily digest of a user's updates, oldest first. */
  public Mail digest(String to, long userId, List<OutboxRow> rows) {
    String unsub = unsubscribeUrl(userId);
    String subject = "[Tidings] " + rows.size() + (rows.size() == 1 ? " notification" : " notifications") + " (daily digest)";
    StringBuilder text = new StringBuilder("Your daily digest: " + rows.size()
        + (rows.size() == 1 ? " update" : " updates") + ".\n\n");
    StringBuilder html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\"><h1 style=\"font-size:1.2em\">"
        + "Your daily digest</h1><ul>");
    for (OutboxRow r : rows) {
      text.append("* ").append(subject(r)).append("\n  ").append(what(r)).append("\n  ").append(link(r)).append("\n\n");
      html.append("<li><a href=\"").append(esc(link(r))).append("\">").append(esc(subject(r))).append("</a><br>")
          .append(esc(what(r))).append("</li>");
    }
    text.append("-- \nStop these emails: ").append(unsub).append("\nChange your preferences: ")
        .append(settings.baseUrl()).append("plugins/tidings/settings\n");
    html.append("</ul>").append(footer(null, unsub)).append("</body></html>");
    return new Mail(to, subject, text.toString(), html.toString(), unsub);
  }

  /** Gitea's subject: {@code [owner/repo] Title (#3)}, without the number for commits and pushes. */
  static String subject(OutboxRow r) {
    String title = r.title().isBlank() ? r.subjectType() : r.title();
    String s = "[" + r.repoFullName() + "] " + title + (r.number() > 0 ? " (#" + r.number() + ")" : "");
    // A header line: no line breaks from a title.
    return s.replaceAll("[\\r\\n]+", " ");
  }

  private String link(OutboxRow r) {
    if (r.htmlUrl().startsWith("http://") || r.htmlUrl().startsWith("https://")) {
      return r.htmlUrl();
    }
    return settings.baseUrl() + r.repoFullName();
  }

  private static String what(OutboxRow r) {
    String actor = r.actor().isBlank() ? "Someone" : "@" + r.actor();
    String verb = switch (r.eventType()) {
      case "issue.opened" -> "opened an issue";
      case "issue.comment", "pr.comment" -> "commented";
      case "issue.closed", "pr.closed" -> "closed it";
      case "issue.reopened", "pr.reopened" -> "reopened it";
      case "issue.assigned" -> "assigned it";
      case "pr.opened" -> "opened a pull request";
      case "pr.merged" -> "merged it";
      case "pr.review" -> "reviewed it";
      case "pr.review_requested" -> "requested a review";
      case "push" -> "pushed";
      default -> r.eventType().isBlank() ? "updated it" : r.eventType().replace('_', ' ').replace('.', ' ');
    };
    return actor + " " + verb + " in " + r.repoFullName() + ": " + (r.title().isBlank() ? r.subjectType() : r.title());
  }

  private static String because(String reason) {
    return switch (reason) {
      case "mention" -> "you were mentioned";
      case "assign" -> "you were assigned";
      case "review_requested" -> "your review was requested";
      case "author" -> "you opened it";
      case "comment" -> "you commented";
      case "push", "state_change" -> "you take part in it";
      case "subscribed" -> "you watch the repository";
      default -> "of your notification settings (" + reason + ")";
    };
  }

  private String footer(String reason, String unsub) {
    return "<hr><p style=\"color:#666;font-size:0.9em\">" + (reason == null ? "" : "You get this email because "
        + esc(because(reason)) + ". ") + "<a href=\"" + esc(unsub) + "\">Unsubscribe from these emails</a> · <a href=\""
        + esc(settings.baseUrl() + "plugins/tidings/settings") + "\">Notification preferences</a></p>";
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
