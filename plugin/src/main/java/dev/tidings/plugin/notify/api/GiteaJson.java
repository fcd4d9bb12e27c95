package dev.tidings.plugin.notify.api;

import dev.samplehost.api.Directory;
import dev.samplehost.api.PluginContext;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.FieldLimits;
import dev.tidings.plugin.notify.ThreadStatus;
import dev.tidings.plugin.notify.store.NotificationThread;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Gitea's JSON shapes (NotificationThread, Repository, User, WatchInfo) as ordered maps,
 * from the host's directory and the stored thread; the thread carries the extra {@code reason}.
 */
@Singleton
public final class GiteaJson {

  /** Go's zero time, sent for times the host does not know. */
  public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private final String baseUrl;
  private final Directory directory;

  @Inject
  public GiteaJson(PluginContext context, Directory directory) {
    this.baseUrl = context.baseUrl().endsWith("/") ? context.baseUrl() : context.baseUrl() + "/";
    this.directory = directory;
  }

  /** The host's AppURL (ends with {@code /}). */
  public String baseUrl() {
    return baseUrl;
  }

  /** RFC 3339 in UTC with whole seconds. */
  public static String time(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000);
    LastTime last = lastTime;
    if (last != null && last.seconds == seconds) {
      // The threads of one fan-out share their second: format it once, not 10,000 times.
      return last.text;
    }
    String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    lastTime = new LastTime(seconds, text);
    return text;
  }

  /** The last formatted second (an immutable pair, published through a volatile field). */
  private record LastTime(long seconds, String text) {}

  private static volatile LastTime lastTime;

  /** A NotificationThread (Gitea §6.3) plus {@code reason}; the repository is looked up now. */
  public Map<String, Object> thread(NotificationThread t) {
    RepoRef repo = directory.repository(t.repoOwner(), t.repoName())
        .orElseGet(() -> new RepoRef(t.repoId(), t.repoOwner(), t.repoName(), false, false, "main"));
    return thread(t, repo);
  }

  /** A NotificationThread with an already looked-up repository. */
  public Map<String, Object> thread(NotificationThread t, RepoRef repo) {
    return threadWith(t, repository(repo));
  }

  /**
   * A NotificationThread with a ready Repository JSON (shared by many threads of one fan-out; not
   * modified): a Map, or a Jackson {@code RawValue} serialised once for all of them.
   */
  public Map<String, Object> threadWith(NotificationThread t, Object repositoryJson) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", t.id());
    out.put("repository", repositoryJson);
    Map<String, Object> subject = new LinkedHashMap<>();
    // Gitea's 255-character title limit: threads stored before the hooks capped titles (or by a
    // host without that limit) must not repeat a huge title in every list and notification event.
    subject.put("title", FieldLimits.cut(t.title(), FieldLimits.MAX_TITLE));
    subject.put("url", t.url());
    subject.put("latest_comment_url", t.latestCommentUrl());
    subject.put("html_url", t.htmlUrl());
    subject.put("latest_comment_html_url", t.latestCommentHtmlUrl());
    subject.put("type", t.subjectType());
    subject.put("state", t.state());
    out.put("subject", subject);
    out.put("unread", t.status() == ThreadStatus.UNREAD);
    out.put("pinned", t.status() == ThreadStatus.PINNED);
    out.put("updated_at", time(t.updatedAt()));
    out.put("url", baseUrl + "api/v1/notifications/threads/" + t.id());
    out.put("reason", t.reason().wire());
    // Extensions for the bell (Gitea clients ignore unknown keys): who acted last and how.
    out.put("actor", t.latestActor() == null ? null : Map.of("login", t.latestActor()));
    out.put("latest_event", t.latestEvent());
    return out;
  }

  /** Gitea's Repository struct (§3.2) without {@code permissions}; unknown values are zero values. */
  public Map<String, Object> repository(RepoRef r) {
    return repository(r, null);
  }

  /** Gitea's Repository struct, with {@code permissions} when given ({admin, push, pull}). */
  public Map<String, Object> repository(RepoRef r, Map<String, Boolean> permissions) {
    String html = baseUrl + r.owner() + "/" + r.name();
    String host = java.net.URI.create(baseUrl).getHost();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("owner", owner(r));
    m.put("name", r.name());
    m.put("full_name", r.fullName());
    m.put("description", "");
    m.put("empty", false);
    m.put("private", r.isPrivate());
    m.put("fork", false);
    m.put("template", false);
    m.put("parent", null);
    m.put("mirror", false);
    m.put("size", 0);
    m.put("language", "");
    m.put("languages_url", baseUrl + "api/v1/repos/" + r.fullName() + "/languages");
    m.put("html_url", html);
    m.put("url", baseUrl + "api/v1/repos/" + r.fullName());
    m.put("link", "");
    m.put("ssh_url", "git@" + host + ":" + r.fullName() + ".git");
    m.put("clone_url", html + ".git");
    m.put("original_url", "");
    m.put("website", "");
    m.put("stars_count", 0);
    m.put("forks_count", 0);
    m.put("watchers_count", 0);
    m.put("open_issues_count", 0);
    m.put("open_pr_counter", 0);
    m.put("release_counter", 0);
    m.put("default_branch", r.defaultBranch() == null ? "main" : r.defaultBranch());
    m.put("archived", false);
    m.put("created_at", ZERO_TIME);
    m.put("updated_at", ZERO_TIME);
    m.put("archived_at", ZERO_TIME);
    if (permissions != null) {
      m.put("permissions", permissions);
    }
    m.put("has_issues", true);
    Map<String, Object> tracker = new LinkedHashMap<>();
    tracker.put("enable_time_tracker", false);
    tracker.put("allow_only_contributors_to_track_time", true);
    tracker.put("enable_issue_dependencies", true);
    m.put("internal_tracker", tracker);
    m.put("has_wiki", false);
    m.put("has_pull_requests", true);
    m.put("has_projects", false);
    m.put("projects_mode", "all");
    m.put("has_releases", false);
    m.put("has_packages", false);
    m.put("has_actions", false);
    m.put("ignore_whitespace_conflicts", false);
    m.put("allow_merge_commits", true);
    m.put("allow_rebase", true);
    m.put("allow_rebase_explicit", true);
    m.put("allow_squash_merge", true);
    m.put("allow_fast_forward_only_merge", false);
    m.put("allow_rebase_update", true);
    m.put("default_delete_branch_after_merge", false);
    m.put("default_merge_style", "merge");
    m.put("default_allow_maintainer_edit", false);
    m.put("avatar_url", "");
    m.put("internal", false);
    m.put("mirror_interval", "");
    m.put("object_format_name", "sha1");
    m.put("mirror_updated", ZERO_TIME);
    m.put("repo_transfer", null);
    m.put("topics", List.of());
    m.put("licenses", List.of());
    return m;
  }

  private Map<String, Object> owner(RepoRef r) {
    UserRef u = r.ownerIsOrganization() ? null : directory.user(r.owner()).orElse(null);
    return user(u != null ? u : new UserRef(0, r.owner(), "", "", false), r.ownerIsOrganization());
  }

  /** Gitea's User struct as seen by another user (private fields zeroed, email placeholder). */
  public Map<String, Object> user(UserRef u, boolean organization) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("login", u.login());
    m.put("login_name", "");
    m.put("source_id", 0);
    m.put("full_name", u.fullName() == null ? "" : u.fullName());
    m.put("email", u.login() + "@noreply." + java.net.URI.create(baseUrl).getHost());
    m.put("avatar_url", "");
    m.put("html_url", baseUrl + u.login());
    m.put("language", "");
    m.put("is_admin", false);
    m.put("last_login", ZERO_TIME);
    m.put("created", ZERO_TIME);
    m.put("restricted", false);
    m.put("active", false);
    m.put("prohibit_login", false);
    m.put("location", "");
    m.put("website", "");
    m.put("description", "");
    m.put("visibility", "public");
    m.put("followers_count", 0);
    m.put("following_count", 0);
    m.put("starred_repos_count", 0);
    m.put("username", u.login());
    return m;
  }

  /** Gitea's WatchInfo; {@code createdAt} is when the watch began (the host does not expose the repository's creation time). */
  public Map<String, Object> watchInfo(RepoRef r, long createdAt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subscribed", true);
    m.put("ignored", false);
    m.put("reason", null);
    m.put("created_at", time(createdAt));
    m.put("url", baseUrl + "api/v1/repos/" + r.fullName() + "/subscription");
    m.put("repository_url", baseUrl + "api/v1/repos/" + r.fullName());
    return m;
  }

  /**
   * Gitea's WatchInfo for one issue ({@code GET .../issues/{index}/subscriptions/check}):
   * {@code subscribed} when its activity reaches the user, {@code ignored} when they muted it,
   * {@code reason} why (see docs/notifications.md), {@code created_at} when they chose (else epoch 0, as Gitea).
   */
  public Map<String, Object> issueWatchInfo(RepoRef r, long number, boolean subscribed, boolean ignored, String reason,
      long createdAt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subscribed", subscribed);
    m.put("ignored", ignored);
    m.put("reason", reason);
    m.put("created_at", time(createdAt));
    m.put("url", baseUrl + "api/v1/repos/" + r.fullName() + "/issues/" + number + "/subscriptions");
    m.put("repository_url", baseUrl + "api/v1/repos/" + r.fullName());
    return m;
  }
}
