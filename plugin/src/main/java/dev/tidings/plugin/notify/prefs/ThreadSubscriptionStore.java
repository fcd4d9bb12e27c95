package dev.tidings.plugin.notify.prefs;

import dev.tidings.plugin.store.Database;
import dev.tidings.plugin.store.Notifications;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Per-issue and per-pull-request subscriptions ({@code notify_thread_subscription}), keyed by
 * (user, repository, number); the same SQL on SQLite and PostgreSQL.
 */
@Singleton
public final class ThreadSubscriptionStore {

  /** What a set did: the row after it, and whether the state changed (Gitea answers 201 then, else 200). */
  public record Change(ThreadSubscription subscription, boolean changed) {}

  private static final String SELECT =
      "SELECT user_id, user_login, repo_id, repo_owner, repo_name, number, state, created_at FROM notify_thread_subscription";

  private final Database db;

  @Inject
  public ThreadSubscriptionStore(@Notifications Database db) {
    this.db = db;
  }

  /** The user's choice for one issue or pull request, if any. */
  public Optional<ThreadSubscription> get(long userId, long repoId, long number) throws SQLException {
    return db.read(c -> get(c, userId, repoId, number));
  }

  /** Every choice on one issue or pull request, oldest first (the router reads this per event). */
  public List<ThreadSubscription> of(long repoId, long number) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          SELECT + " WHERE repo_id = ? AND number = ? ORDER BY created_at, user_id")) {
        ps.setLong(1, repoId);
        ps.setLong(2, number);
        List<ThreadSubscription> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(row(rs));
          }
        }
        return out;
      }
    });
  }

  /** Sets the user's state; {@code created_at} restarts when the state changes. */
  public CompletableFuture<Change> set(long userId, String login, long repoId, String owner, String name, long number,
      ThreadSubscription.State state) {
    long now = System.currentTimeMillis();
    return db.write(c -> {
      Optional<ThreadSubscription> before = get(c, userId, repoId, number);
      if (before.isPresent() && before.get().state() == state) {
        return new Change(before.get(), false);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO notify_thread_subscription (user_id, user_login, repo_id, repo_owner, repo_name, number, state, "
              + "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(user_id, repo_id, number) DO UPDATE SET "
              + "user_login = excluded.user_login, repo_owner = excluded.repo_owner, repo_name = excluded.repo_name, "
              + "state = excluded.state, created_at = excluded.created_at, updated_at = excluded.updated_at")) {
        ps.setLong(1, userId);
        ps.setString(2, login);
        ps.setLong(3, repoId);
        ps.setString(4, owner);
        ps.setString(5, name);
        ps.setLong(6, number);
        ps.setString(7, state.wire());
        ps.setLong(8, now);
        ps.setLong(9, now);
        ps.executeUpdate();
      }
      return new Change(new ThreadSubscription(userId, login, repoId, owner, name, number, state, now), true);
    });
  }

  /** Removes the user's choice (the repository's rules apply again); true when there was one. */
  public CompletableFuture<Boolean> clear(long userId, long repoId, long number) {
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM notify_thread_subscription WHERE user_id = ? AND repo_id = ? AND number = ?")) {
        ps.setLong(1, userId);
        ps.setLong(2, repoId);
        ps.setLong(3, number);
        return ps.executeUpdate() > 0;
      }
    });
  }

  private static Optional<ThreadSubscription> get(Connection c, long userId, long repoId, long number)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE user_id = ? AND repo_id = ? AND number = ?")) {
      ps.setLong(1, userId);
      ps.setLong(2, repoId);
      ps.setLong(3, number);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static ThreadSubscription row(ResultSet rs) throws SQLException {
    return new ThreadSubscription(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        rs.getLong(6), ThreadSubscription.State.parse(rs.getString(7)).orElse(ThreadSubscription.State.SUBSCRIBED),
        rs.getLong(8));
  }
}
