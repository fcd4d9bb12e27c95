package dev.tidings.plugin.notify.store;

import dev.tidings.plugin.notify.Reason;
import dev.tidings.plugin.notify.ThreadStatus;
import dev.tidings.plugin.store.Database;
import dev.tidings.plugin.store.Notifications;
import dev.tidings.plugin.store.SqlIn;
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
 * Notification threads (SQLite or PostgreSQL, the same SQL): the batched upsert used by fan-out (one write for every
 * recipient of an event), Gitea's list/count/mark queries, and retention.
 */
@Singleton
public final class ThreadStore {


  private final Database db;

  @Inject
  public ThreadStore(@Notifications Database db) {
    this.db = db;
  }

  /** The threads of {@code userIds} on one subject (through the unique index), in no particular order. */
  public List<NotificationThread> threads(String subjectKey, List<Long> userIds) throws SQLException {
    return db.read(c -> {
      List<NotificationThread> out = new ArrayList<>(userIds.size());
      for (List<Long> chunk : SqlIn.chunks(userIds)) {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ThreadQuerySql.COLUMNS + " FROM notify_thread WHERE user_id IN ("
            + SqlIn.placeholders(chunk.size()) + ") AND subject_key = ?")) {
          int i = 1;
          for (Long id : chunk) {
            ps.setLong(i++, id);
          }
          ps.setString(i, subjectKey);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(ThreadQuerySql.thread(rs));
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
      try (PreparedStatement ps = c.prepareStatement("SELECT " + ThreadQuerySql.COLUMNS + " FROM notify_thread WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(ThreadQuerySql.thread(rs)) : Optional.empty();
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
        parts.add("SELECT * FROM (SELECT " + ThreadQuerySql.COLUMNS + " FROM notify_thread WHERE " + ThreadQuerySql.where(one, args)
            + " ORDER BY updated_at DESC, id DESC LIMIT ?) AS s" + parts.size());
        args.add(upTo);
      }
      sql = String.join(" UNION ALL ", parts) + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?";
    } else {
      sql = "SELECT " + ThreadQuerySql.COLUMNS + " FROM notify_thread WHERE " + ThreadQuerySql.where(q, args)
          + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?";
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = ThreadQuerySql.bind(ps, args);
      ps.setInt(i++, q.limit());
      ps.setInt(i, q.offset());
      List<NotificationThread> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(ThreadQuerySql.thread(rs));
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
    String where = ThreadQuerySql.where(q, args);
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notify_thread WHERE " + where)) {
      ThreadQuerySql.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Unread threads of the user (pinned not counted, as Gitea's {@code /notifications/new}). */
  public long unreadCount(long userId) throws SQLException {
    return db.read(c -> ThreadTx.unreadCount(c, userId));
  }

  /** Unread counts of many users (users without unread threads map to 0). */
  public Map<Long, Long> unreadCounts(Collection<Long> userIds) throws SQLException {
    Map<Long, Long> out = new HashMap<>();
    List<Long> ids = new ArrayList<>(userIds);
    db.read(c -> {
      for (List<Long> chunk : SqlIn.chunks(ids)) {
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, count(*) FROM notify_thread WHERE status = 1 "
            + "AND user_id IN (" + SqlIn.placeholders(chunk.size()) + ") GROUP BY user_id")) {
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
    String where = ThreadQuerySql.where(q, args);
    long now = System.currentTimeMillis();
    return db.write(c -> {
      List<NotificationThread> changed = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("UPDATE notify_thread SET status = ?, "
          + "updated_at = " + SqlPortable.greater("?", "updated_at + 1") + " WHERE " + where + " RETURNING " + ThreadQuerySql.COLUMNS)) {
        ps.setInt(1, to.code());
        ps.setLong(2, now); // the CASE of SqlPortable.greater names "now" twice
        ps.setLong(3, now);
        int i = 4;
        for (Object a : args) {
          ThreadQuerySql.setArg(ps, i++, a);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            changed.add(ThreadQuerySql.thread(rs));
          }
        }
      }
      changed.sort((a, b) -> a.updatedAt() != b.updatedAt()
          ? Long.compare(b.updatedAt(), a.updatedAt()) : Long.compare(b.id(), a.id()));
      return new Marked(changed, ThreadTx.unreadCount(c, q.userId()));
    });
  }

  /** Sets one thread's status (bumping {@code updated_at}); empty when the thread does not exist. */
  public CompletableFuture<Optional<Marked>> setStatus(long id, ThreadStatus to) {
    long now = System.currentTimeMillis();
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE notify_thread SET status = ?, "
          + "updated_at = " + SqlPortable.greater("?", "updated_at + 1") + " WHERE id = ? RETURNING " + ThreadQuerySql.COLUMNS)) {
        ps.setInt(1, to.code());
        ps.setLong(2, now);
        ps.setLong(3, now);
        ps.setLong(4, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          NotificationThread t = ThreadQuerySql.thread(rs);
          return Optional.of(new Marked(List.of(t), ThreadTx.unreadCount(c, t.userId())));
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

  /** Forgets processed-event claims older than {@code cutoffMillis}, at most {@code max}. */
  public CompletableFuture<Integer> pruneProcessed(long cutoffMillis, int max) {
    return db.write(c -> ProcessedEvents.prune(c, cutoffMillis, max));
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
          + "WHERE user_id = ?" + (owner == null ? "" : " AND lower(repo_owner) = lower(?)"))) {
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

  /**
   * Deletes the user's threads, watch and issue subscriptions of one repository (they lost read
   * access); returns the threads deleted.
   */
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
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM notify_thread_subscription WHERE user_id = ? AND repo_id = ?")) {
        ps.setLong(1, userId);
        ps.setLong(2, repoId);
        ps.executeUpdate();
      }
      return n;
    });
  }
}
