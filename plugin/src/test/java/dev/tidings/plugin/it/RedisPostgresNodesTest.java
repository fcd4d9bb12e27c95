package dev.tidings.plugin.it;

import static dev.tidings.plugin.it.TidingsHost.ALICE;
import static dev.tidings.plugin.it.TidingsHost.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.cluster.redis.RedisKeys;
import dev.tidings.plugin.cluster.redis.RedisNotificationFeed;
import dev.tidings.plugin.cluster.redis.RedisSettings;
import dev.tidings.plugin.cluster.redis.RedisWorkQueue;
import dev.tidings.testing.services.PostgresServer;
import dev.tidings.testing.services.RedisServer;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-node mode: two host nodes in one JVM with {@code broker=redis} and
 * {@code store=postgresql} on one real redis-server and one real PostgreSQL. Notifications are
 * routed from the Redis work stream: each repository event by exactly one node, a repository
 * with 1,000 watchers gives each one thread, once, and work a dead node took is routed by the
 * other after {@code redis.work.claimAfter}.
 */
@HostTest
class RedisPostgresNodesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WATCHERS = 1000;
  /** Watcher user ids far from the demo users' ids (the repository is public: anyone may read it). */
  private static final long FIRST_WATCHER = 1_000_001;

  @TempDir static Path dir;
  private static RedisServer redis;
  private static PostgresServer pg;
  private static RedisClient client;
  private RedisKeys keys;
  private TidingsHost nodeA;
  private TidingsHost nodeB;

  @BeforeAll
  static void startServices() throws Exception {
    Requirements.require(RedisServer.binary().isPresent(),
        "\n\n*** SKIPPED: no redis-server (Debian: apt-get install -y redis-server) ***\n");
    Requirements.require(PostgresServer.binaries().isPresent(),
        "\n\n*** SKIPPED: no PostgreSQL (Debian: apt-get install -y postgresql) ***\n");
    redis = RedisServer.launch(dir);
    pg = PostgresServer.launch();
    client = RedisClient.create(redis.url());
  }

  @AfterAll
  static void stopServices() throws Exception {
    if (client != null) {
      client.shutdown();
    }
    if (redis != null) {
      redis.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void startNodes() throws Exception {
    // Each test on a clean notification database and its own Redis keys.
    pg.psql("DO $$ BEGIN IF to_regclass('notify_thread') IS NOT NULL THEN "
        + "TRUNCATE notify_thread, notify_watch, notify_processed; END IF; END $$");
    String prefix = "n" + System.nanoTime();
    keys = new RedisKeys(prefix);
    nodeA = node(prefix, "node-a");
    nodeB = node(prefix, "node-b");
  }

  private static TidingsHost node(String prefix, String id) throws Exception {
    return TidingsHost.start(Files.createTempDirectory(dir, id),
        "broker", "redis", "redis.url", redis.url(), "redis.keyPrefix", prefix, "redis.timeout", "10s",
        "redis.tailBlock", "1s", "redis.work.claimAfter", "1s", "node.id", id,
        "store", "postgresql", "postgresql.url", pg.jdbcUrl(), "postgresql.user", PostgresServer.USER,
        "publish.userBurst", "1000", "publish.repoBurst", "1000");
  }

  @AfterEach
  void stopNodes() {
    if (nodeA != null) {
      nodeA.close();
    }
    if (nodeB != null) {
      nodeB.close();
    }
  }

  @Test
  void anEventForAThousandWatchersIsRoutedByExactlyOneNodeAndEachWatcherGetsOneUnreadThread() throws Exception {
    long repoId = watchDemoWithAThousandUsersAndBob();

    HttpResponse<String> issue = call(nodeA, "POST", "api/v1/repos/alice/demo/issues",
        "{\"title\":\"For everyone\",\"body\":\"Hello watchers\"}", ALICE);
    assertThat(issue.statusCode()).as(issue.body()).isEqualTo(201);

    Await.isTrue("a thread for each of the 1,000 watchers", Duration.ofSeconds(60),
        () -> psql("SELECT count(*) FROM notify_thread WHERE user_id >= " + FIRST_WATCHER).equals("" + WATCHERS));
    everyWorkEntryRoutedOnce();
    assertThat(psql("SELECT count(DISTINCT user_id) || ' ' || count(*) || ' ' || min(status) || ' ' || max(status) "
        + "FROM notify_thread WHERE user_id >= " + FIRST_WATCHER + " AND repo_id = " + repoId))
        .as("one unread thread per watcher").isEqualTo(WATCHERS + " " + WATCHERS + " 1 1");
    // A real user among the watchers: one unread thread, the same on both nodes.
    for (TidingsHost node : List.of(nodeA, nodeB)) {
      JsonNode count = JSON.readTree(call(node, "GET", "api/v1/notifications/new", null, BOB).body());
      assertThat(count.path("new").asLong()).isEqualTo(1);
    }
    String eventId = psql("SELECT event_id FROM notify_processed ORDER BY processed_at DESC LIMIT 1");
    assertThat(psql("SELECT count(*) FROM notify_processed WHERE event_id = '" + eventId + "'")).isEqualTo("1");
  }

  @Test
  void workTakenByADeadNodeIsRoutedByAnotherAfterClaimAfterExactlyOnce() throws Exception {
    watchDemoWithAThousandUsersAndBob();
    RedisNotificationFeed feedA = nodeA.plugin().getInstance(RedisNotificationFeed.class);
    RedisNotificationFeed feedB = nodeB.plugin().getInstance(RedisNotificationFeed.class);
    assertThat(feedA.consumer()).isEqualTo("node-a");
    // Both routers pause, so the "dead node" below is the one that takes the event's work.
    feedA.stop();
    feedB.stop();
    try (StatefulRedisConnection<String, String> dead = client.connect()) {
      RedisWorkQueue deadNode = new RedisWorkQueue(dead.sync(), keys, RedisSettings.WORK_GROUP,
          Duration.ofMinutes(10));
      HttpResponse<String> issue = call(nodeB, "POST", "api/v1/repos/alice/demo/issues",
          "{\"title\":\"Taken over\",\"body\":\"Routed by a survivor\"}", ALICE);
      assertThat(issue.statusCode()).as(issue.body()).isEqualTo(201);
      List<RedisWorkQueue.WorkItem> taken = Await.until("the dead node taking the issue's work",
          () -> deadNode.take("dead-node", 100, Duration.ofMillis(200)).items().stream()
              .filter(i -> i.payload().contains("Taken over")).findFirst().map(List::of));
      assertThat(taken).hasSize(1);
      // The dead node never acknowledges. Node A comes back and takes it over after claimAfter (1 s).
      feedA.start();
      Await.isTrue("the survivor routing the dead node's work", Duration.ofSeconds(60),
          () -> psql("SELECT count(*) FROM notify_thread WHERE subject_title = 'Taken over'")
              .equals("" + (WATCHERS + 1)));
      feedB.start();
      everyWorkEntryRoutedOnce();
      assertThat(psql("SELECT count(DISTINCT user_id) || ' ' || min(status) || ' ' || max(status) FROM notify_thread "
          + "WHERE subject_title = 'Taken over'")).isEqualTo((WATCHERS + 1) + " 1 1");
      assertThat(new RedisWorkQueue(dead.sync(), keys, RedisSettings.WORK_GROUP, Duration.ofMinutes(10))
          .pending("dead-node", "0", 10)).as("nothing left with the dead node").isEmpty();
      JsonNode count = JSON.readTree(call(nodeA, "GET", "api/v1/notifications/new", null, BOB).body());
      assertThat(count.path("new").asLong()).isEqualTo(1);
    }
  }

  /** Bob (a real user) and 1,000 other users watch alice/demo; returns the repository's id. */
  private long watchDemoWithAThousandUsersAndBob() throws Exception {
    JsonNode onA = JSON.readTree(call(nodeA, "GET", "api/v1/repos/alice/demo", null, ALICE).body());
    JsonNode onB = JSON.readTree(call(nodeB, "GET", "api/v1/repos/alice/demo", null, ALICE).body());
    long repoId = onA.path("id").asLong();
    assertThat(onB.path("id").asLong()).as("both nodes' hosts know the repository by one id").isEqualTo(repoId);
    HttpResponse<String> watch = call(nodeB, "PUT", "api/v1/repos/alice/demo/subscription", null, BOB);
    assertThat(watch.statusCode()).as(watch.body()).isEqualTo(200);
    psql("INSERT INTO notify_watch (user_id, user_login, repo_id, repo_owner, repo_name, level, kinds, created_at, "
        + "updated_at) SELECT " + (FIRST_WATCHER - 1) + " + g, 'watcher' || g, " + repoId + ", 'alice', 'demo', "
        + "'watching', '', 0, 0 FROM generate_series(1, " + WATCHERS + ") g");
    return repoId;
  }

  /**
   * Every entry ever added to the work stream was finished by exactly one node: the routed counts of
   * both nodes add up to the number of entries ever added (the work sequence; a second routing
   * would count twice) and nothing is pending.
   */
  private void everyWorkEntryRoutedOnce() {
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      Await.isTrue("every work entry routed and acknowledged", Duration.ofSeconds(60),
          () -> new RedisWorkQueue(c.sync(), keys, RedisSettings.WORK_GROUP, Duration.ofMinutes(1)).pendingCount() == 0
              && routed(nodeA) + routed(nodeB) >= added(c));
      assertThat(routed(nodeA) + routed(nodeB)).isEqualTo(added(c));
      assertThat(added(c)).isPositive();
    }
  }

  private long added(StatefulRedisConnection<String, String> c) {
    String q = c.sync().hget(keys.workMeta(), "q");
    return q == null ? 0 : Long.parseLong(q);
  }

  private static long routed(TidingsHost node) {
    return (long) node.plugin().getInstance(MeterRegistry.class).get("tidings.notifications.events.routed")
        .counter().count();
  }

  private static String psql(String sql) {
    try {
      return pg.psql(sql);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> call(TidingsHost node, String method, String path, String body, String auth)
      throws Exception {
    return node.call(method, path, body, auth);
  }
}
