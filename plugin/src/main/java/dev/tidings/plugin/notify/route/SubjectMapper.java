package dev.tidings.plugin.notify.route;

import dev.samplehost.api.RepoRef;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.store.ThreadSubject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an event's subject into a thread subject in Gitea's form: Issue and Pull use the API
 * {@code /issues/N} URL, pushes per branch are {@code Repository} threads titled
 * "Pushes to {branch}", a mentioning commit is a {@code Commit} thread.
 */
final class SubjectMapper {

  private static final Pattern COMMENT_ID = Pattern.compile("#issuecomment-(\\d+)$");

  private final String baseUrl;

  SubjectMapper(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
  }

  ThreadSubject map(TidingsEvent e) {
    TidingsEvent.Subject s = e.subject();
    RepoRef r = e.repository();
    String repoHtml = baseUrl + r.fullName();
    String actor = e.actor() == null ? "" : e.actor().login();
    return switch (s.kind()) {
      case ISSUE, PULL -> {
        boolean pull = s.kind() == TidingsEvent.Subject.Kind.PULL;
        String api = baseUrl + "api/v1/repos/" + r.fullName() + "/issues/" + s.number();
        String html = nonEmpty(s.htmlUrl(), repoHtml + (pull ? "/pulls/" : "/issues/") + s.number());
        String commentHtml = nz(s.latestCommentHtmlUrl());
        String commentApi = "";
        String commentId = commentId(e, commentHtml);
        if (commentId != null) {
          commentApi = baseUrl + "api/v1/repos/" + r.fullName() + "/issues/comments/" + commentId;
        }
        yield new ThreadSubject(key(s, r), pull ? "Pull" : "Issue", s.number(), nz(s.title()), nz(s.state()),
            api, html, commentApi, commentHtml, r.id(), r.owner(), r.name(), actor, e.type().wire());
      }
      case PUSH -> {
        String html = nonEmpty(s.htmlUrl(), repoHtml);
        String branch = nonEmpty(s.title(), r.defaultBranch());
        yield new ThreadSubject(key(s, r), "Repository", 0, branch.startsWith("Pushes to ") ? branch : "Pushes to " + branch,
            "", html, html, "", "", r.id(), r.owner(), r.name(), actor, e.type().wire());
      }
      case COMMIT -> {
        String html = nz(s.htmlUrl());
        yield new ThreadSubject(key(s, r), "Commit", 0, nz(s.title()), "", html, html, "", "", r.id(), r.owner(),
            r.name(), actor, e.type().wire());
      }
      case REPOSITORY -> new ThreadSubject(key(s, r), "Repository", 0, r.fullName(), "", "/" + r.fullName(),
          repoHtml, "", "", r.id(), r.owner(), r.name(), actor, e.type().wire());
    };
  }

  /** A Commit thread for one commit whose message mentions someone. */
  ThreadSubject commit(TidingsEvent e, String sha, String message) {
    RepoRef r = e.repository();
    String html = baseUrl + r.fullName() + "/commit/" + sha;
    String title = message == null ? sha : message.strip().lines().findFirst().orElse(sha);
    if (title.length() > 255) {
      title = title.substring(0, 255);
    }
    return new ThreadSubject(r.id() + "/commit:" + sha, "Commit", 0, title, "", html, html, "", "", r.id(),
        r.owner(), r.name(), e.actor() == null ? "" : e.actor().login(), e.type().wire());
  }

  /** The thread key: the event's subject key scoped to the repository (event keys such as {@code pull:3} are per repository). */
  static String key(TidingsEvent.Subject s, RepoRef r) {
    String k = s.key() != null && !s.key().isBlank() ? s.key() : s.kind().name().toLowerCase() + ":" + s.number();
    return r.id() + "/" + k;
  }

  /** The comment id from {@code data.comment.id}, else from a {@code #issuecomment-N} anchor. */
  private static String commentId(TidingsEvent e, String commentHtml) {
    if (e.data() != null && e.data().get("comment") instanceof java.util.Map<?, ?> c && c.get("id") instanceof Number n) {
      return Long.toString(n.longValue());
    }
    Matcher m = COMMENT_ID.matcher(commentHtml);
    return m.find() ? m.group(1) : null;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String nonEmpty(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s;
  }
}
