package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.server.auth.Passwords;
import dev.tidings.testing.git.GitCli;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications survive a crash: W users watch {@code alice/demo}, alice pushes one commit to
 * {@value #BRANCHES} new branches with the real git CLI (one {@code push} event, and so one thread,
 * per branch and watcher), and the host JVM is killed with SIGKILL once the first branch's threads
 * are stored but not the last's (observed through {@code tidings_notifications_written_total}). A
 * new host on the same data folder must finish the fan-out from the router's checkpoint: every
 * watcher ends with exactly one thread per branch, and no watcher is told twice.
 *
 * <p>W is 2,000 by default (about 30 s on an idle 2-core machine, 80 s under heavy shared load; 10,000 took 55 s); the size is a documented run:
 * {@code mvn -B -o verify -pl e2e -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=NotificationsSurviveKillTest -Dfailsafe.failIfNoSpecifiedTests=false -Dtidings.e2e.killWatchers=10000}.
 *
 * <p>The watchers are written straight into the stopped host's and plugin's databases (the rows
 * {@code POST /admin/users} and {@code PUT /repos/{o}/{r}/subscription} write): through the API
 * each user costs two PBKDF2 runs, minutes for 10,000. What is under test, the push, the fan-out,
 * the kill and the resume, runs untouched.
 */
class NotificationsSurviveKillTest {
  private static final int BRANCHES = 4;
  private static final int WATCHERS = Integer.getInteger("tidings.e2e.killWatchers", 2000);
  private static final String PREFIX = "kw";
  private static final int SAMPLED = 3;

  @Test
  void aKilledHostFinishesTheFanOutAfterRestartWithoutLossOrDuplicates(@TempDir Path temp) throws Exception {
    try (HostProcess host = HostProcess.in(temp.resolve("host"))) {
      // 1. A first start creates the demo data and both schemas; then the watchers go in, host stopped.
      host.start();
      host.stop();
      Map<String, String> tokens = seedWatchers(host, WATCHERS, SAMPLED);

      // 2. Push one commit to BRANCHES new branches.
      host.start();
      GitCli work = E2eHost.git(temp).in(temp.resolve("demo"))
          .cloneFrom(host.gitUrl("alice", "tidings-alice", "alice/demo"));
      long writtenBefore = host.counter("tidings_notifications_written_total");
      long committedBefore = host.counter("tidings_events_committed_total");
      work.commit("kill -9 during the fan-out");
      List<String> refspecs = new ArrayList<>();
      for (int b = 1; b <= BRANCHES; b++) {
        refspecs.add("HEAD:refs/heads/kill-" + b);
      }
      work.push("origin", refspecs.toArray(String[]::new));

      // 3. kill -9 once the first branch's threads are stored and the last's are not.
      long total = (long) BRANCHES * WATCHERS;
      long written = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        long committed = host.counter("tidings_events_committed_total") - committedBefore;
        written = host.counter("tidings_notifications_written_total") - writtenBefore;
        if (committed >= 2L * BRANCHES && written >= WATCHERS && written < total) {
          break;
        }
        assertThat(written).as("the fan-out finished before the test could kill the host; raise "
            + "-Dtidings.e2e.killWatchers").isLessThan(total);
        Thread.sleep(5);
      }
      host.kill9();
      assertThat(written).as("threads stored when the host was killed").isBetween((long) WATCHERS, total - 1);
      long beforeRestart = threadCount(host);
      System.out.printf("NotificationsSurviveKillTest: %d watchers x %d branches; killed with %d of %d threads "
          + "stored (metrics), %d in the database%n", WATCHERS, BRANCHES, written, total, beforeRestart);

      // 4. A new host on the same data folder finishes the fan-out.
      host.start();
      long restartDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      long now = threadCount(host);
      while (now < total && System.nanoTime() < restartDeadline) {
        Thread.sleep(100);
        now = threadCount(host);
      }
      assertThat(now).as("notification threads of the push after the restart (%d lost)", total - now)
          .isEqualTo(total);

      // Exactly one thread per watcher and branch, and each watcher told once per branch.
      try (Connection c = open(host.pluginDb())) {
        Map<String, long[]> perSubject = new LinkedHashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery(
            "SELECT subject_key, COUNT(*), COUNT(DISTINCT user_id) FROM notify_thread WHERE user_login LIKE '"
                + PREFIX + "-%' GROUP BY subject_key ORDER BY subject_key")) {
          while (rs.next()) {
            perSubject.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
          }
        }
        assertThat(perSubject).as("one subject per pushed branch").hasSize(BRANCHES);
        perSubject.forEach((subject, n) -> {
          assertThat(n[0]).as("threads of %s", subject).isEqualTo(WATCHERS);
          assertThat(n[1]).as("watchers with a thread of %s", subject).isEqualTo(WATCHERS);
        });
        try (ResultSet rs = c.createStatement().executeQuery(
            "SELECT en.channel, COUNT(*) FROM entries en JOIN events ev ON ev.id = en.event_id "
                + "WHERE ev.type = 'notification' AND en.channel LIKE 'user:" + PREFIX + "-%' "
                + "GROUP BY en.channel HAVING COUNT(*) > " + BRANCHES + " LIMIT 5")) {
          assertThat(rs.next()).as("a watcher was sent more than one notification event per branch").isFalse();
        }
      }
      // And as the watchers see it through the REST API.
      for (Map.Entry<String, String> t : tokens.entrySet()) {
        Rest.Answer a = host.get("api/v1/notifications?all=true&limit=50", "token " + t.getValue());
        assertThat(a.status()).as("%s: %s", t.getKey(), a).isEqualTo(200);
        Map<String, Integer> perBranch = new HashMap<>();
        for (JsonNode n : a.json()) {
          perBranch.merge(n.path("subject").path("title").asText(), 1, Integer::sum);
        }
        assertThat(perBranch).as("%s's threads: %s", t.getKey(), a.body()).hasSize(BRANCHES);
        assertThat(perBranch.values()).allMatch(v -> v == 1);
      }
      host.stop();
    }
  }

  /** Threads of the seeded watchers in the plugin's database (read while the host runs: WAL). */
  private static long threadCount(HostProcess host) throws SQLException {
    try (Connection c = open(host.pluginDb());
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT COUNT(*) FROM notify_thread WHERE user_login LIKE '" + PREFIX + "-%'")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static Connection open(Path db) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
    }
    return c;
  }

  /**
   * Writes {@code count} users {@code kw-0..} watching alice/demo into the stopped host's databases,
   * and an {@code all} token for {@code sampled} of them (first, middle, last); returns login to token.
   */
  private static Map<String, String> seedWatchers(HostProcess host, int count, int sampled) throws SQLException {
    // The sampled users sign in with tokens, so the hash cost does not matter here.
    String hash = Passwords.hash("kill-watcher-pw", Passwords.LEGACY_ITERATIONS);
    long now = System.currentTimeMillis();
    Map<String, String> tokens = new LinkedHashMap<>();
    long repoId;
    Map<String, Long> ids = new LinkedHashMap<>();
    try (Connection c = open(host.hostDb())) {
      c.setAutoCommit(false);
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT r.id FROM repositories r JOIN accounts a ON a.id = r.owner_id WHERE a.name = 'alice' AND r.name = 'demo'")) {
        assertThat(rs.next()).as("alice/demo exists").isTrue();
        repoId = rs.getLong(1);
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (name, kind, full_name, email, "
          + "password_hash, is_admin, created) VALUES (?, 'user', ?, ?, ?, 0, ?) RETURNING id")) {
        for (int i = 0; i < count; i++) {
          String login = PREFIX + "-" + i;
          ps.setString(1, login);
          ps.setString(2, "Watcher " + i);
          ps.setString(3, login + "@example.com");
          ps.setString(4, hash);
          ps.setLong(5, now);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            ids.put(login, rs.getLong(1));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO access_tokens (user_id, name, token_hash, "
          + "last_eight, scopes, created) VALUES (?, 'kill-test', ?, ?, 'all', ?)")) {
        for (int i : new int[] {0, count / 2, count - 1}) {
          if (tokens.size() >= sampled) {
            break;
          }
          String login = PREFIX + "-" + i;
          String plaintext = Passwords.randomHex(20);
          ps.setLong(1, ids.get(login));
          ps.setString(2, Passwords.sha256(plaintext));
          ps.setString(3, plaintext.substring(plaintext.length() - 8));
          ps.setLong(4, now);
          ps.executeUpdate();
          tokens.put(login, plaintext);
        }
      }
      c.commit();
    }
    try (Connection c = open(host.pluginDb())) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO notify_watch (user_id, user_login, repo_id, "
          + "repo_owner, repo_name, level, kinds, created_at, updated_at) VALUES (?, ?, ?, 'alice', 'demo', 'watching', '', ?, ?)")) {
        for (Map.Entry<String, Long> u : ids.entrySet()) {
          ps.setLong(1, u.getValue());
          ps.setString(2, u.getKey());
          ps.setLong(3, repoId);
          ps.setLong(4, now);
          ps.setLong(5, now);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
    return tokens;
  }
}
