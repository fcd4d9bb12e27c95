package dev.samplehost.server.service;

import dev.samplehost.api.events.CommitStatusEvent;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.db.Sql;
import dev.samplehost.server.domain.CommitInfo;
import dev.samplehost.server.domain.CommitState;
import dev.samplehost.server.domain.CommitStatus;
import dev.samplehost.server.domain.Page;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.events.HostEventBus;
import dev.samplehost.server.git.GitStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Commit statuses (Gitea's {@code /statuses/{sha}}): validates and stores them, lists them, computes
 * the combined state, and fires a {@link CommitStatusEvent} per change (progress updates through
 * the {@link StatusEventThrottle}). Authorisation is the caller's job.
 */
@Singleton
public class CommitStatusService {

  /** Longest context, in characters. */
  public static final int MAX_CONTEXT = 255;
  /** Longest description, in characters. */
  public static final int MAX_DESCRIPTION = 1024;
  /** Longest target URL, in characters. */
  public static final int MAX_TARGET_URL = 2048;
  /** Statuses kept per (sha, context), like GitHub's limit. */
  public static final int MAX_PER_CONTEXT = 1000;

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,40}");
  private static final String COLUMNS = Rows.USER_COLUMNS
      + ", s.id, s.repo_id, s.sha, s.context, s.state, s.description, s.target_url, s.progress, s.created, s.updated";
  private static final String FROM = " FROM commit_statuses s LEFT JOIN accounts a ON a.id = s.creator_id ";
  private static final Sql.RowMapper<CommitStatus> STATUS = rs -> {
    long creatorId = rs.getLong(1);
    User creator = rs.wasNull() ? null : Rows.USER.map(rs);
    int percent = rs.getInt(14);
    Integer progress = rs.wasNull() ? null : percent;
    return new CommitStatus(rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getString(10),
        CommitState.of(rs.getString(11)).orElseThrow(), rs.getString(12), rs.getString(13),
        progress, creatorId == 0 ? null : creator,
        Instant.ofEpochMilli(rs.getLong(15)), Instant.ofEpochMilli(rs.getLong(16)));
  };

  private final Database db;
  private final GitStore git;
  private final HostEventBus events;
  private final StatusEventThrottle throttle;

  /** What a POST asks for; {@code state} and {@code progress} still unchecked. */
  public record NewStatus(String state, String targetUrl, String description, String context, Integer progress) {}

  /** How list results are ordered (Gitea's {@code sort} values). */
  public enum Sort {
    NEWEST("s.id DESC"), OLDEST("s.created ASC, s.id ASC"), RECENT_UPDATE("s.updated DESC, s.id DESC"),
    LEAST_UPDATE("s.updated ASC, s.id ASC"), LEAST_INDEX("s.id ASC"), HIGHEST_INDEX("s.id DESC");

    private final String orderBy;

    Sort(String orderBy) {
      this.orderBy = orderBy;
    }

    /** The sort named by Gitea's {@code sort} parameter; anything else is newest first. */
    public static Sort of(String name) {
      return switch (name == null ? "" : name) {
        case "oldest" -> OLDEST;
        case "recentupdate" -> RECENT_UPDATE;
        case "leastupdate" -> LEAST_UPDATE;
        case "leastindex" -> LEAST_INDEX;
        case "highestindex" -> HIGHEST_INDEX;
        default -> NEWEST;
      };
    }
  }

  /** The latest status of each context of a commit (one page of them), and their combined state. */
  public record Combined(String sha, Optional<CommitState> state, List<CommitStatus> statuses, long totalCount) {}

  @Inject
  CommitStatusService(Database db, GitStore git, HostEventBus events, StatusEventThrottle throttle) {
    this.db = db;
    this.git = git;
    this.events = events;
    this.throttle = throttle;
  }

  /**
   * Sets a status on commit {@code sha} (a full or abbreviated id of a commit in {@code repo}; 422
   * otherwise). A {@code pending} status on a context whose latest status is {@code pending} is a
   * progress update: it replaces that status (same id) instead of adding one.
   */
  public CommitStatus create(User actor, Repository repo, String sha, NewStatus input) {
    CommitState state = validState(input.state());
    String context = input.context() == null || input.context().isBlank() ? "default" : input.context().trim();
    String description = input.description() == null ? "" : input.description();
    String targetUrl = input.targetUrl() == null ? "" : input.targetUrl().trim();
    checkLength("Context", context, MAX_CONTEXT);
    checkLength("Description", description, MAX_DESCRIPTION);
    checkLength("TargetURL", targetUrl, MAX_TARGET_URL);
    if (!targetUrl.isEmpty() && !isWebUrl(targetUrl)) {
      throw new ValidationException("TargetURL", "Url");
    }
    Integer progress = input.progress();
    if (progress != null && (progress < 0 || progress > 100)) {
      throw new ValidationException("Progress", "Range(0,100)");
    }
    String full = commitId(repo, sha)
        .orElseThrow(() -> new ValidationException("No commit found for SHA: " + sha));
    long now = Rows.now();
    boolean[] progressUpdate = new boolean[1];
    long id = db.tx(sql -> {
      Optional<Object[]> latest = sql.one("SELECT id, state FROM commit_statuses WHERE repo_id = ? AND sha = ? "
          + "AND context = ? ORDER BY id DESC LIMIT 1", rs -> new Object[] {rs.getLong(1), rs.getString(2)},
          repo.id(), full, context);
      if (latest.isPresent() && state == CommitState.PENDING && "pending".equals(latest.get()[1])) {
        long existing = (Long) latest.get()[0];
        sql.update("UPDATE commit_statuses SET description = ?, target_url = ?, progress = ?, creator_id = ?, "
            + "updated = ? WHERE id = ?", description, targetUrl, progress, actor.id(), now, existing);
        progressUpdate[0] = true;
        return existing;
      }
      long count = sql.number("SELECT COUNT(*) FROM commit_statuses WHERE repo_id = ? AND sha = ? AND context = ?",
          repo.id(), full, context);
      if (count >= MAX_PER_CONTEXT) {
        throw new ValidationException("This SHA and context has reached the maximum number of statuses ("
            + MAX_PER_CONTEXT + ").");
      }
      return sql.insert("INSERT INTO commit_statuses (repo_id, sha, context, state, description, target_url, "
          + "progress, creator_id, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          repo.id(), full, context, state.wire(), description, targetUrl, progress, actor.id(), now, now);
    });
    CommitStatus saved = db.read(sql -> sql.one("SELECT " + COLUMNS + FROM + "WHERE s.id = ?", STATUS, id)).orElseThrow();
    throttle.submit(repo.id() + "\n" + full + "\n" + context, progressUpdate[0],
        () -> publish(actor, repo, full, context));
    return saved;
  }

  /**
   * The full id of the commit {@code ref} names, resolved as Gitea does: a branch, else a tag, else a
   * commit id (full or abbreviated); a full ref name under {@code refs/heads/} or {@code refs/tags/}
   * is taken as it is. Names may hold slashes ({@code feature/login}); revision expressions such as
   * {@code main~1} name nothing.
   */
  public Optional<String> resolve(Repository repo, String ref) {
    if (ref == null || ref.isEmpty()) {
      return Optional.empty();
    }
    if (ref.startsWith("refs/heads/") || ref.startsWith("refs/tags/")) {
      return git.refCommit(repo.owner(), repo.name(), ref);
    }
    Optional<String> named = git.refCommit(repo.owner(), repo.name(), "refs/heads/" + ref)
        .or(() -> git.refCommit(repo.owner(), repo.name(), "refs/tags/" + ref));
    return named.isPresent() ? named : commitId(repo, ref);
  }

  /** Statuses of {@code sha}, one page ({@code state} null: all states). */
  public Page<CommitStatus> list(Repository repo, String sha, CommitState state, Sort sort, int page, int limit) {
    String where = "WHERE s.repo_id = ? AND s.sha = ?" + (state == null ? "" : " AND s.state = ?");
    Object[] params = state == null ? new Object[] {repo.id(), sha} : new Object[] {repo.id(), sha, state.wire()};
    return db.read(sql -> {
      long total = sql.number("SELECT COUNT(*) FROM commit_statuses s " + where, params);
      List<Object> paged = new ArrayList<>(List.of(params));
      paged.add(limit);
      paged.add((long) (page - 1) * limit);
      List<CommitStatus> items = sql.list("SELECT " + COLUMNS + FROM + where + " ORDER BY " + sort.orderBy
          + " LIMIT ? OFFSET ?", STATUS, paged.toArray());
      return new Page<>(items, total);
    });
  }

  /** The latest status of each context of {@code sha} (newest first, one page) and the combined state of all. */
  public Combined combined(Repository repo, String sha, int page, int limit) {
    return db.read(sql -> {
      List<CommitStatus> all = latest(sql, repo, sha);
      Optional<CommitState> state = CommitState.combine(all.stream().map(CommitStatus::state).toList());
      int from = Math.min(all.size(), (page - 1) * limit);
      return new Combined(sha, state, all.subList(from, Math.min(all.size(), from + limit)), all.size());
    });
  }

  /** The combined state of each of {@code shas} that has statuses (for commit lists). */
  public Map<String, CommitState> combinedStates(Repository repo, Collection<String> shas) {
    Map<String, CommitState> out = new HashMap<>();
    if (shas.isEmpty()) {
      return out;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(shas.size(), "?"));
    List<Object> params = new ArrayList<>();
    params.add(repo.id());
    params.addAll(shas);
    db.read(sql -> sql.list("SELECT sha, state FROM commit_statuses WHERE id IN (SELECT MAX(id) FROM commit_statuses "
        + "WHERE repo_id = ? AND sha IN (" + marks + ") GROUP BY sha, context)",
        rs -> new String[] {rs.getString(1), rs.getString(2)}, params.toArray()))
        .forEach(row -> out.merge(row[0], CommitState.of(row[1]).orElseThrow(),
            (a, b) -> a.compareTo(b) <= 0 ? a : b));
    return out;
  }

  private static List<CommitStatus> latest(Sql sql, Repository repo, String sha) throws SQLException {
    return sql.list("SELECT " + COLUMNS + FROM + "WHERE s.id IN (SELECT MAX(id) FROM commit_statuses "
        + "WHERE repo_id = ? AND sha = ? GROUP BY context) ORDER BY s.id DESC", STATUS, repo.id(), sha);
  }

  /** Fires the event for the latest status of (sha, context) as it is now. */
  private void publish(User actor, Repository repo, String sha, String context) {
    record State(List<CommitStatus> latest, List<Long> pulls) {}
    State now = db.read(sql -> new State(latest(sql, repo, sha), sql.list(
        "SELECT i.number FROM pulls p JOIN issues i ON i.id = p.issue_id WHERE i.repo_id = ? AND p.head_sha = ? "
            + "AND i.state = 'open' AND p.merged = 0 ORDER BY i.number", rs -> rs.getLong(1), repo.id(), sha)));
    Optional<CommitStatus> mine = now.latest().stream().filter(s -> s.context().equals(context)).findFirst();
    if (mine.isEmpty()) {
      return; // the repository was deleted meanwhile
    }
    CommitStatus s = mine.get();
    String combined = CommitState.combine(now.latest().stream().map(CommitStatus::state).toList())
        .map(CommitState::wire).orElse("");
    User by = s.creator() == null ? actor : s.creator();
    events.fire(l -> l.onCommitStatus(new CommitStatusEvent(by.toRef(), repo.toRef(), s.id(), sha, context,
        s.state().wire(), s.description(), s.targetUrl(), s.progress(), combined, now.pulls())));
  }

  /** The full id of the commit {@code sha} (a full or abbreviated id) names, if it is one. */
  private Optional<String> commitId(Repository repo, String sha) {
    if (sha == null || !HEX.matcher(sha).matches()) {
      return Optional.empty();
    }
    try {
      return git.commit(repo.owner(), repo.name(), sha.toLowerCase(Locale.ROOT)).map(CommitInfo::sha);
    } catch (RuntimeException e) {
      return Optional.empty(); // an ambiguous abbreviation
    }
  }

  private static CommitState validState(String state) {
    if (state == null || state.isEmpty()) {
      throw new ValidationException("State", "Required");
    }
    return CommitState.of(state).orElseThrow(
        () -> new ValidationException("State", "In(pending,success,error,failure,warning)"));
  }

  private static void checkLength(String field, String value, int max) {
    if (value.codePointCount(0, value.length()) > max) {
      throw new ValidationException(field, "MaxSize(" + max + ")");
    }
  }

  private static boolean isWebUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
