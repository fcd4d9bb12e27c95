package dev.tidings.plugin.notify.email;

import dev.tidings.plugin.notify.store.Recipient;
import dev.tidings.plugin.notify.store.ThreadSubject;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Email modes and the email outbox (SQLite or PostgreSQL, the same SQL). The outbox is filled
 * inside the thread write's transaction ({@link #enqueue}); senders {@link #claim} due rows (a
 * claim is a lease: a sender that dies leaves rows that another claims after
 * {@code email.claimTimeout}), then mark them {@link #sent}, {@link #retry} them later or
 * {@link #drop} them.
 */
@Singleton
public final class EmailStore {

  private static final String COLUMNS = "id, user_id, user_login, mode, subject_key, subject_type, subject_number, "
      + "subject_title, subject_html_url, repo_id, repo_owner, repo_name, reason, actor, event_type, created_at, attempts";

  private final Database db;

  @Inject
  public EmailStore(@Notifications Database db) {
    this.db = db;
  }

  /** The user's mode ({@code off} when never set). */
  public EmailMode mode(long userId) throws SQLException {
    return db.read(c -> modes(c, List.of(userId)).getOrDefault(userId, EmailMode.OFF));
  }

  /** Sets the user's mode. */
  public CompletableFuture<Void> setMode(long userId, String login, EmailMode mode) {
    long now = System.currentTimeMillis();
    return db.write(c -> {
      setMode(c, userId, login, mode, now);
      return null;
    });
  }

  static void setMode(Connection c, long userId, String login, EmailMode mode, long now) throws SQLException {
    if (mode == EmailMode.OFF) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_email WHERE user_id = ?")) {
        ps.setLong(1, userId);
        ps.executeUpdate();
      }
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO notify_email (user_id, user_login, mode, updated_at) "
        + "VALUES (?,?,?,?) ON CONFLICT(user_id) DO UPDATE SET user_login = excluded.user_login, "
        + "mode = excluded.mode, updated_at = excluded.updated_at")) {
      ps.setLong(1, userId);
      ps.setString(2, login);
      ps.setString(3, mode.wire());
      ps.setLong(4, now);
      ps.executeUpdate();
    }
  }

  /** The modes of those of {@code userIds} who chose one (others are off). */
  public Map<Long, EmailMode> modes(Collection<Long> userIds) throws SQLException {
    return db.read(c -> modes(c, userIds));
  }

  static Map<Long, EmailMode> modes(Connection c, Collection<Long> userIds) throws SQLException {
    Map<Long, EmailMode> out = new HashMap<>();
    for (List<Long> chunk : SqlIn.chunks(new ArrayList<>(userIds))) {
      try (PreparedStatement ps = c.prepareStatement("SELECT user_id, mode FROM notify_email WHERE user_id IN ("
          + SqlIn.placeholders(chunk.size()) + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setLong(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            EmailMode.parse(rs.getString(2)).ifPresent(m -> out.put(id, m));
          }
        }
      }
    }
    return out;
  }

  /**
   * Inside the thread write: one outbox row per recipient whose mode is immediate or daily; a
   * repeated (user, subject, dedupe key) is ignored, so writing the same update twice mails once.
   * Returns the rows added.
   */
  static int enqueue(Connection c, String dedupeKey, ThreadSubject s, List<Recipient> recipients, long now,
      DigestSchedule digest) throws SQLException {
    Map<Long, EmailMode> modes = modes(c, recipients.stream().map(Recipient::userId).toList());
    if (modes.isEmpty()) {
      return 0;
    }
    int n = 0;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO notify_email_outbox (user_id, user_login, dedupe_key, "
        + "mode, subject_key, subject_type, subject_number, subject_title, subject_html_url, repo_id, repo_owner, "
        + "repo_name, reason, actor, event_type, created_at, due_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        + "ON CONFLICT(user_id, subject_key, dedupe_key) DO NOTHING")) {
      for (Recipient r : recipients) {
        EmailMode m = modes.get(r.userId());
        if (m == null || m == EmailMode.OFF) {
          continue;
        }
        int i = 1;
        ps.setLong(i++, r.userId());
        ps.setString(i++, r.login());
        ps.setString(i++, dedupeKey);
        ps.setString(i++, m.wire());
        ps.setString(i++, s.key());
        ps.setString(i++, s.type());
        ps.setLong(i++, s.number());
        ps.setString(i++, nz(s.title()));
        ps.setString(i++, nz(s.htmlUrl()));
        ps.setLong(i++, s.repoId());
        ps.setString(i++, s.repoOwner());
        ps.setString(i++, s.repoName());
        ps.setString(i++, r.reason().wire());
        ps.setString(i++, nz(s.actor()));
        ps.setString(i++, nz(s.eventType()));
        ps.setLong(i++, now);
        ps.setLong(i, m == EmailMode.DAILY ? digest.nextAfter(now) : now);
        ps.addBatch();
        n++;
      }
      if (n > 0) {
        ps.executeBatch();
      }
    }
    return n;
  }

  /** Whether any row is due now (a cheap read, so that an idle sender never takes the writer). */
  public boolean anyDue(long now) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM notify_email_outbox WHERE sent_at = 0 "
          + "AND due_at <= ? AND next_attempt_at <= ? AND claim_until < ? LIMIT 1")) {
        ps.setLong(1, now);
        ps.setLong(2, now);
        ps.setLong(3, now);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /**
   * Claims up to {@code limit} due rows for {@code sender} until {@code now + lease} and returns
   * them, ordered by user. The outer WHERE repeats the claim condition: on PostgreSQL a second
   * sender that waited for the first one's row lock re-checks it against the committed row and
   * skips what the first took; SQLite has one writer.
   */
  public CompletableFuture<List<OutboxRow>> claim(String sender, long now, long leaseMillis, int limit) {
    return db.write(c -> {
      String free = "sent_at = 0 AND due_at <= ? AND next_attempt_at <= ? AND claim_until < ?";
      try (PreparedStatement ps = c.prepareStatement("UPDATE notify_email_outbox SET claimed_by = ?, claim_until = ? "
          + "WHERE id IN (SELECT id FROM notify_email_outbox WHERE " + free + " ORDER BY user_id, id LIMIT ?) AND "
          + free + " RETURNING " + COLUMNS)) {
        int i = 1;
        ps.setString(i++, sender);
        ps.setLong(i++, now + leaseMillis);
        for (int k = 0; k < 2; k++) {
          ps.setLong(i++, now);
          ps.setLong(i++, now);
          ps.setLong(i++, now);
          if (k == 0) {
            ps.setInt(i++, limit);
          }
        }
        List<OutboxRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(row(rs));
          }
        }
        out.sort((a, b) -> a.userId() != b.userId() ? Long.compare(a.userId(), b.userId()) : Long.compare(a.id(), b.id()));
        return out;
      }
    });
  }

  /** Marks rows sent (only while {@code sender} still holds them); returns how many. */
  public CompletableFuture<Integer> sent(String sender, List<Long> ids, long now) {
    return update(ids, "UPDATE notify_email_outbox SET sent_at = ?, claimed_by = '', claim_until = 0 WHERE claimed_by = ? AND id IN ",
        now, sender);
  }

  /** Releases rows for another attempt at {@code nextAttemptAt} (one more attempt counted). */
  public CompletableFuture<Integer> retry(String sender, List<Long> ids, long nextAttemptAt) {
    return update(ids, "UPDATE notify_email_outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_by = '', "
        + "claim_until = 0 WHERE claimed_by = ? AND id IN ", nextAttemptAt, sender);
  }

  /** Deletes rows that will never be sent (no access, mode off, no address, attempts used up). */
  public CompletableFuture<Integer> drop(List<Long> ids) {
    return db.write(c -> {
      int n = 0;
      for (List<Long> chunk : SqlIn.chunks(ids)) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_email_outbox WHERE id IN ("
            + SqlIn.placeholders(chunk.size()) + ")")) {
          for (int i = 0; i < chunk.size(); i++) {
            ps.setLong(i + 1, chunk.get(i));
          }
          n += ps.executeUpdate();
        }
      }
      return n;
    });
  }

  /** Makes every pending daily row due now (an administrator's "send the digests now"); returns how many. */
  public CompletableFuture<Integer> digestNow(long now) {
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE notify_email_outbox SET due_at = ? "
          + "WHERE sent_at = 0 AND mode = 'daily' AND due_at > ?")) {
        ps.setLong(1, now);
        ps.setLong(2, now);
        return ps.executeUpdate();
      }
    });
  }

  /** Deletes rows sent before {@code cutoff}, at most {@code max}. */
  public CompletableFuture<Integer> pruneSent(long cutoff, int max) {
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_email_outbox WHERE id IN (SELECT id FROM "
          + "notify_email_outbox WHERE sent_at > 0 AND sent_at < ? LIMIT ?)")) {
        ps.setLong(1, cutoff);
        ps.setInt(2, max);
        return ps.executeUpdate();
      }
    });
  }

  private CompletableFuture<Integer> update(List<Long> ids, String sqlPrefix, long value, String sender) {
    return db.write(c -> {
      int n = 0;
      for (List<Long> chunk : SqlIn.chunks(ids)) {
        try (PreparedStatement ps = c.prepareStatement(sqlPrefix + "(" + SqlIn.placeholders(chunk.size()) + ")")) {
          ps.setLong(1, value);
          ps.setString(2, sender);
          for (int i = 0; i < chunk.size(); i++) {
            ps.setLong(i + 3, chunk.get(i));
          }
          n += ps.executeUpdate();
        }
      }
      return n;
    });
  }

  private static OutboxRow row(ResultSet rs) throws SQLException {
    return new OutboxRow(rs.getLong(1), rs.getLong(2), rs.getString(3),
        EmailMode.parse(rs.getString(4)).orElse(EmailMode.IMMEDIATE), rs.getString(5), rs.getString(6), rs.getLong(7),
        rs.getString(8), rs.getString(9), rs.getLong(10), rs.getString(11), rs.getString(12), rs.getString(13),
        rs.getString(14), rs.getString(15), rs.getLong(16), rs.getInt(17));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
