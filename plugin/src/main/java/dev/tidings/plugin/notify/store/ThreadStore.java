package dev.tidings.plugin.notify.store;

import dev.tidings.plugin.notify.Reason;
import dev.tidings.plugin.notify.ThreadStatus;
import dev.tidings.plugin.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Notification threads in SQLite: the batched upsert used by fan-out (one write for every
 * recipient of an event), Gitea's list/count/mark queries, and retention.
 */
@Singleton
public final class ThreadStore {

  private static final int IN_CHUNK = 500;

  static final String COLUMNS = "id, user_id, user_login, subject_key, subject_type, subject_number, subject_title, "
      + "subject_state, subject_url, subject_html_url, latest_comment_url, latest_comment_html_url, repo_id, "
      + "repo_owner, repo_name, reason, status, latest_actor, latest_event, created_at, updated_at";

  // A read thread becomes unread again; unread and pinned keep their status (Gitea); the
  // stronger reason wins (GitHub); a comment URL is only replaced by a newer one.
  private static final String UPSERT = "INSERT INTO notify_thread (user_id, user_login, subject_key, subject_type, "
      + "subject_number, subject_title, subject_state, subject_url, subject_html_url, latest_comment_url, "
      + "latest_comment_html_url, repo_id, repo_owner, repo_name, reason, reason_rank, status, latest_actor, "
      + "latest_event, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?) "
      + "ON CONFLICT(user_id, subject_key) DO UPDATE SET user_login = excluded.user_login, "
      + "subject_type = excluded.subject_type, subject_number = excluded.subject_number, "
      + "subject_title = CASE WHEN excluded.subject_title <> '' THEN excluded.subject_title ELSE subject_title END, "
      + "subject_state = excluded.subject_state, subject_url = excluded.subject_url, "
      + "subject_html_url = excluded.subject_html_url, "
      + "latest_comment_url = CASE WHEN excluded.latest_comment_url <> '' THEN excluded.latest_comment_url ELSE latest_comment_url END, "
      + "latest_comment_html_url = CASE WHEN excluded.latest_comment_html_url <> '' THEN excluded.latest_comment_html_url ELSE latest_comment_html_url END, "
      + "repo_owner = excluded.repo_owner, repo_name = excluded.repo_name, "
      + "reason = CASE WHEN excluded.reason_rank > reason_rank THEN excluded.reason ELSE reason END, "
      + "reason_rank = max(reason_rank, excluded.reason_rank), "
      + "status = CASE WHEN status = 2 THEN 1 ELSE status END, "
      + "latest_actor = excluded.latest_actor, latest_event = excluded.latest_event, "
      + "updated_at = max(excluded.updated_at, updated_at + 1)";

  private final Database db;

  @Inject
  public ThreadStore(Database db) {
    this.db = db;
  }

  /**
   * Creates or updates one thread per recipient, all in one transaction of the writer thread, and
   * answers the rows as committed (read back on a read connection).
   */
  public CompletableFuture<List<NotificationThread>> upsert(ThreadSubject subject, List<Recipient> recipients) {
    long now = System.currentTimeMillis();
    return db.write(c -> upsert(c, subject, recipients, now)).thenApply(n -> {
      try {
        return threads(subject.key(), recipients.stream().map(Recipient::userId).toList());
      } catch (SQLException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
  }

  /**
   * The upsert on the writer's connection (inside a write), as JDBC batches: a RETURNING row per
   * statement measured 3x slower, and reading the rows back inside the transaction held the
   * writer (shared with the event log) longer than the inserts; callers read them with
   * {@link #threads} after the commit.
   */
  public static int upsert(Connection c, ThreadSubject s, List<Recipient> recipients, long now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      int pending = 0;
      for (Recipient r : recipients) {
        int i = 1;
        ps.setLong(i++, r.userId());
        ps.setString(i++, r.login());
        ps.setString(i++, s.key());
        ps.setString(i++, s.type());
        ps.setLong(i++, s.number());
        ps.setString(i++, nz(s.title()));
        ps.setString(i++, nz(s.state()));
        ps.setString(i++, nz(s.url()));
        ps.setString(i++, nz(s.htmlUrl()));
        ps.setString(i++, nz(s.latestCommentUrl()));
        ps.setString(i++, nz(s.latestCommentHtmlUrl()));
        ps.setLong(i++, s.repoId());
        ps.setString(i++, s.repoOwner());
        ps.setString(i++, s.repoName());
        ps.setString(i++, r.reason().wire());
        ps.setInt(i++, r.reason().rank());
        ps.setString(i++, nz(s.actor()));
        ps.setString(i++, nz(s.eventType()));
        ps.setLong(i++, now);
        ps.setLong(i, now);
        ps.addBatch();
        if (++pending == 1000) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
    return recipients.size();
  }

  /** The threads of {@code userIds} on one subject (through the unique index), in no particular order. */
  public List<NotificationThread> threads(String subjectKey, List<Long> userIds) throws SQLException {
    return db.read(c -> {
      List<NotificationThread> out = new ArrayList<>(userIds.size());
      for (int from = 0; from < userIds.size(); from += IN_CHUNK) {
        List<Long> chunk = userIds.subList(from, Math.min(userIds.size(), from + IN_CHUNK));
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM notify_thread WHERE user_id IN ("
            + String.join(",", Collections.nCopies(chunk.size(), "?")) + ") AND subject_key = ?")) {
          int i = 1;
          for (Long id : chunk) {
            ps.setLong(i++, id);
          }
          ps.setString(i, subjectKey);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(thread(rs));
            }
          }
        }
      }
      return out;
    });
  }

  /** One thread by id. */
  public Optional<NotificationThread> get(long id) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM notify_thread WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(thread(rs)) : Optional.empty();
        }
      }
    });
  }

  /**
   * One page of the user's threads, newest first. With several statuses (the default list is
   * unread + pinned) each status is read in index order up to the end of the page and the results
   * merged, so that neither a mostly-read nor a mostly-unread inbox of 100k threads is scanned or
   * sorted in full.
   */
  public List<NotificationThread> list(ThreadQuery q) throws SQLException {
    return db.read(c -> list(c, q));
  }

  /**
   * The total and one page read in one transaction (one snapshot), so that {@code X-Total-Count}
   * always agrees with the page even while new threads are committed.
   */
  public ThreadPage page(ThreadQuery q) throws SQLException {
    return db.read(c -> new ThreadPage(count(c, q), list(c, q)));
  }

  private List<NotificationThread> list(Connection c, ThreadQuery q) throws SQLException {
    List<Object> args = new ArrayList<>();
    String sql;
    if (q.statuses().size() > 1) {
      long upTo = (long) q.offset() + q.limit();
      List<String> parts = new ArrayList<>();
      for (ThreadStatus st : q.statuses().stream().sorted().toList()) {
        ThreadQuery one = new ThreadQuery(q.userId(), q.repoId(), java.util.Set.of(st), q.subjectTypes(),
            q.sinceSeconds(), q.beforeSeconds(), 0, 0);
        parts.add("SELECT * FROM (SELECT " + COLUMNS + " FROM notify_thread WHERE " + where(one, args)
            + " ORDER BY updated_at DESC, id DESC LIMIT ?)");
        args.add(upTo);
      }
      sql = String.join(" UNION ALL ", parts) + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?";
    } else {
      sql = "SELECT " + COLUMNS + " FROM notify_thread WHERE " + where(q, args)
          + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?";
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = bind(ps, args);
      ps.setInt(i++, q.limit());
      ps.setInt(i, q.offset());
      List<NotificationThread> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(thread(rs));
        }
      }
      return out;
    }
  }

  /** How many threads match, ignoring the page. */
  public long count(ThreadQuery q) throws SQLException {
    return db.read(c -> count(c, q));
  }

  private long count(Connection c, ThreadQuery q) throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = where(q, args);
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notify_thread WHERE " + where)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Unread threads of the user (pinned not counted, as Gitea's {@code /notifications/new}). */
  public long unreadCount(long userId) throws SQLException {
    return db.read(c -> unreadCount(c, userId));
  }

  static long unreadCount(Connection c, long userId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notify_thread WHERE user_id = ? AND status = 1")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Unread counts of many users (users without unread threads map to 0). */
  public Map<Long, Long> unreadCounts(Collection<Long> userIds) throws SQLException {
    Map<Long, Long> out = new HashMap<>();
    List<Long> ids = new ArrayList<>(userIds);
    db.read(c -> {
      for (int from = 0; from < ids.size(); from += IN_CHUNK) {
        List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, count(*) FROM notify_thread WHERE status = 1 "
            + "AND user_id IN (" + String.join(",", Collections.nCopies(chunk.size(), "?")) + ") GROUP BY user_id")) {
          for (int i = 0; i < chunk.size(); i++) {
            ps.setLong(i + 1, chunk.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getLong(1), rs.getLong(2));
            }
          }
        }
      }
      return null;
    });
    for (Long id : userIds) {
      out.putIfAbsent(id, 0L);
    }
    return out;
  }

  /** The newest {@code updated_at} among the user's threads (0 when none): the list's Last-Modified. */
  public long lastModified(long userId) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT max(updated_at) FROM notify_thread WHERE user_id = ?")) {
        ps.setLong(1, userId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  /** The result of a mark: the changed threads (after the change) and the user's new unread count. */
  public record Marked(List<NotificationThread> threads, long unreadCount) {}

  /**
   * Sets {@code to} on the user's threads matching {@code q} (page ignored) and bumps their
   * {@code updated_at} as Gitea does; one transaction.
   */
  public CompletableFuture<Marked> mark(ThreadQuery q, ThreadStatus to) {
    List<Object> args = new ArrayList<>();
    String where = where(q, args);
    long now = System.currentTimeMillis();
    return db.write(c -> {
      List<NotificationThread> changed = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("UPDATE notify_thread SET status = ?, "
          + "updated_at = max(?, updated_at + 1) WHERE " + where + " RETURNING " + COLUMNS)) {
        ps.setInt(1, to.code());
        ps.setLong(2, now);
        int i = 3;
        for (Object a : args) {
          setArg(ps, i++, a);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            changed.add(thread(rs));
          }
        }
      }
      changed.sort((a, b) -> a.updatedAt() != b.updatedAt()
          ? Long.compare(b.updatedAt(), a.updatedAt()) : Long.compare(b.id(), a.id()));
      return new Marked(changed, unreadCount(c, q.userId()));
    });
  }

  /** Sets one thread's status (bumping {@code updated_at}); empty when the thread does not exist. */
  public CompletableFuture<Optional<Marked>> setStatus(long id, ThreadStatus to) {
    long now = System.currentTimeMillis();
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE notify_thread SET status = ?, "
          + "updated_at = max(?, updated_at + 1) WHERE id = ? RETURNING " + COLUMNS)) {
        ps.setInt(1, to.code());
        ps.setLong(2, now);
        ps.setLong(3, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          NotificationThread t = thread(rs);
          return Optional.of(new Marked(List.of(t), unreadCount(c, t.userId())));
        }
      }
    });
  }

  /** Deletes read threads last updated before {@code cutoffMillis}, at most {@code max} of them. */
  public CompletableFuture<Integer> pruneRead(long cutoffMillis, int max) {
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_thread WHERE id IN (SELECT id FROM "
          + "notify_thread WHERE status = 2 AND updated_at < ? LIMIT ?)")) {
        ps.setLong(1, cutoffMillis);
        ps.setInt(2, max);
        return ps.executeUpdate();
      }
    });
  }

  /** A repository a user has threads in: its id and {@code owner/name} as stored with the threads. */
  public record ThreadRepo(long repoId, String owner, String name) {}

  /**
   * The repositories the user has threads in, optionally only those of {@code owner} (an
   * organisation; case-insensitive as host names are), for re-checking access after a removal.
   */
  public List<ThreadRepo> repositoriesOf(long userId, String owner) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT repo_id, repo_owner, repo_name FROM notify_thread "
          + "WHERE user_id = ?" + (owner == null ? "" : " AND repo_owner = ? COLLATE NOCASE"))) {
        ps.setLong(1, userId);
        if (owner != null) {
          ps.setString(2, owner);
        }
        List<ThreadRepo> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new ThreadRepo(rs.getLong(1), rs.getString(2), rs.getString(3)));
          }
        }
        return out;
      }
    });
  }

  /** Deletes the user's threads and watch of one repository (they lost read access); returns the threads deleted. */
  public CompletableFuture<Integer> forget(long userId, long repoId) {
    return db.write(c -> {
      int n;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_thread WHERE user_id = ? AND repo_id = ?")) {
        ps.setLong(1, userId);
        ps.setLong(2, repoId);
        n = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_watch WHERE user_id = ? AND repo_id = ?")) {
        ps.setLong(1, userId);
        ps.setLong(2, repoId);
        ps.executeUpdate();
      }
      return n;
    });
  }

  /** Deletes every thread and watch of a deleted repository (inside a write). */
  public static void deleteRepository(Connection c, long repoId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_thread WHERE repo_id = ?")) {
      ps.setLong(1, repoId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_watch WHERE repo_id = ?")) {
      ps.setLong(1, repoId);
      ps.executeUpdate();
    }
  }

  private static String where(ThreadQuery q, List<Object> args) {
    StringBuilder w = new StringBuilder("user_id = ?");
    args.add(q.userId());
    if (q.repoId() != 0) {
      w.append(" AND repo_id = ?");
      args.add(q.repoId());
    }
    if (!q.statuses().isEmpty()) {
      w.append(" AND status IN (").append(String.join(",", Collections.nCopies(q.statuses().size(), "?"))).append(')');
      q.statuses().stream().map(ThreadStatus::code).sorted().forEach(args::add);
    }
    if (!q.subjectTypes().isEmpty()) {
      w.append(" AND subject_type IN (").append(String.join(",", Collections.nCopies(q.subjectTypes().size(), "?")))
          .append(')');
      q.subjectTypes().stream().sorted().forEach(args::add);
    }
    // Times on the wire have whole seconds: compare at that precision so that a thread shown as
    // updated at T is inside since=T and before=T.
    if (q.sinceSeconds() != null) {
      w.append(" AND updated_at >= ?");
      args.add(q.sinceSeconds() * 1000);
    }
    if (q.beforeSeconds() != null) {
      w.append(" AND updated_at < ?");
      args.add((q.beforeSeconds() + 1) * 1000);
    }
    return w.toString();
  }

  private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
    int i = 1;
    for (Object a : args) {
      setArg(ps, i++, a);
    }
    return i;
  }

  private static void setArg(PreparedStatement ps, int i, Object a) throws SQLException {
    if (a instanceof Long l) {
      ps.setLong(i, l);
    } else if (a instanceof Integer n) {
      ps.setInt(i, n);
    } else {
      ps.setString(i, (String) a);
    }
  }

  static NotificationThread thread(ResultSet rs) throws SQLException {
    return new NotificationThread(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
        rs.getString(12), rs.getLong(13), rs.getString(14), rs.getString(15), Reason.fromWire(rs.getString(16)),
        ThreadStatus.ofCode(rs.getInt(17)), rs.getString(18), rs.getString(19), rs.getLong(20), rs.getLong(21));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
