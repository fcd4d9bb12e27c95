package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.services.PostgresServer;
import dev.tidings.testing.services.RedisServer;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.BasicAuth;
import dev.tidings.testing.support.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Three sample-host JVMs, nodes {@code a}, {@code b} and {@code c}, run as one installation, the
 * multi-node mode of docs/scale-out.md: one data folder for all three ({@code host.db} and the
 * repositories), one real {@code redis-server} ({@code broker=redis}: channel history and fan-out,
 * AOF with {@code appendfsync always}), one real PostgreSQL ({@code store=postgresql}: threads,
 * watches, preferences), and per node its own plugin data folder ({@code --plugins-data}) with its
 * {@code tidings.properties}. Node a creates the demo data; b and c join once it serves.
 *
 * <p>Everything binds 127.0.0.1 on free ports. The folders live under {@code target/cluster/} so
 * the nodes' logs ({@code node-x/host-N.log}) stay for a look after a failure; {@link #deleteFiles}
 * removes them after a run without one.
 */
final class Cluster implements AutoCloseable {
  /** alice (site admin, owner of alice/demo) as a Basic header. */
  static final String ALICE = BasicAuth.basic("alice", "tidings-alice");
  /** bob as a Basic header. */
  static final String BOB = BasicAuth.basic("bob", "tidings-bob");
  /** PBKDF2 rounds of every node (the host's minimum): the watcher test creates 1,000 users through REST. */
  static final int PASSWORD_ITERATIONS = 10_000;
  private static final Duration NODE_READY = Duration.ofSeconds(90);

  private final Path root;
  private final RedisServer redis;
  private final PostgresServer postgres;
  private final String keyPrefix;
  private final Map<String, HostProcess> nodes = new LinkedHashMap<>();

  private Cluster(Path root, RedisServer redis, PostgresServer postgres, String keyPrefix) {
    this.root = root;
    this.redis = redis;
    this.postgres = postgres;
    this.keyPrefix = keyPrefix;
  }

  /** Skips the calling test, loudly, when the jars, git, redis-server or PostgreSQL are missing. */
  static void assumeTools() {
    E2eHost.assumePluginJar();
    Requirements.git();
    Requirements.require(RedisServer.binary().isPresent(),
        "\n\n*** SKIPPED: the 3-node test needs redis-server (Debian: apt-get install -y redis-server) ***\n");
    Requirements.require(PostgresServer.binaries().isPresent(),
        "\n\n*** SKIPPED: the 3-node test needs PostgreSQL (Debian: apt-get install -y postgresql) ***\n");
  }

  /** Starts Redis, PostgreSQL and the three nodes under a new folder in {@code parent}. */
  static Cluster start(Path parent) throws Exception {
    assumeTools();
    Path root = Files.createDirectories(parent).toAbsolutePath().resolve("run-" + System.currentTimeMillis());
    Files.createDirectories(root);
    RedisServer redis = RedisServer.launch(Files.createDirectories(root.resolve("redis")));
    PostgresServer postgres;
    try {
      postgres = PostgresServer.launch();
    } catch (Exception | Error e) {
      redis.close();
      throw e;
    }
    // Unique per run: nodes of one installation share it, nothing else in this Redis does.
    Cluster cluster = new Cluster(root, redis, postgres, "cluster-" + Long.toHexString(System.nanoTime()));
    try {
      cluster.startNodes();
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void startNodes() throws Exception {
    Path sharedData = root.resolve("shared-data");
    for (String name : List.of("a", "b", "c")) {
      Path nodeRoot = Files.createDirectories(root.resolve("node-" + name));
      Path pluginData = nodeRoot.resolve("plugins-data");
      writeSettings(pluginData.resolve("tidings").resolve("tidings.properties"), name);
      nodes.put(name, HostProcess.node(nodeRoot, sharedData, pluginData, name.equals("a"),
          List.of("-Xmx512m", "-XX:+UseSerialGC", "--password-iterations", Integer.toString(PASSWORD_ITERATIONS))));
    }
    // a first: it creates host.db, the demo users and repositories, and the PostgreSQL schema.
    a().start();
    awaitHealthy(a());
    CompletableFuture<Void> b = CompletableFuture.runAsync(() -> startUnchecked(b()));
    CompletableFuture<Void> c = CompletableFuture.runAsync(() -> startUnchecked(c()));
    CompletableFuture.allOf(b, c).join();
    awaitHealthy(b());
    awaitHealthy(c());
  }

  private void writeSettings(Path file, String node) throws IOException {
    Files.createDirectories(file.getParent());
    String settings = String.join("\n",
        "broker=redis",
        "redis.url=" + redis.url(),
        "redis.keyPrefix=" + keyPrefix,
        // Shorter than the default 10 s so a publish during the Redis restart fails (or succeeds) sooner.
        "redis.timeout=5s",
        "redis.tailBlock=1s",
        "store=postgresql",
        "postgresql.url=" + postgres.jdbcUrl(),
        "postgresql.user=" + PostgresServer.USER,
        // Each node's router keeps its own position (its own journal) in the shared PostgreSQL.
        "notify.feed.consumer=node-" + node,
        // The tests publish hundreds of events as alice: lift the per-user and per-repository limits.
        "publish.userRate=100000", "publish.userBurst=100000",
        "publish.repoRate=100000", "publish.repoBurst=100000",
        "publish.channelBytesPerSecond=100000000", "publish.channelBytesBurst=100000000",
        "");
    Files.writeString(file, settings, StandardCharsets.UTF_8);
  }

  private static void startUnchecked(HostProcess node) {
    try {
      node.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code node}'s plugin health answers 200 (Redis and PostgreSQL reachable). */
  static void awaitHealthy(HostProcess node) {
    Await.until("health 200 on " + node.baseUrl(), NODE_READY, Duration.ofMillis(100), () -> {
      try {
        return node.get("plugins/tidings/health", null).status() == 200 ? Optional.of(true) : Optional.empty();
      } catch (AssertionError notAnswering) {
        return Optional.empty();
      }
    });
  }

  /**
   * Brings back whatever an earlier test took down: Redis (same port and data), and any node that
   * was killed (a new port); then waits until every node reports healthy.
   */
  void ensureUp() throws Exception {
    redis.start();
    for (HostProcess node : nodes.values()) {
      if (!node.alive()) {
        node.start();
      }
    }
    for (HostProcess node : nodes.values()) {
      awaitHealthy(node);
    }
  }

  HostProcess a() {
    return nodes.get("a");
  }

  HostProcess b() {
    return nodes.get("b");
  }

  HostProcess c() {
    return nodes.get("c");
  }

  List<HostProcess> nodes() {
    return new ArrayList<>(nodes.values());
  }

  RedisServer redis() {
    return redis;
  }

  PostgresServer postgres() {
    return postgres;
  }

  Path root() {
    return root;
  }

  /**
   * Creates {@code alice/<name>} through node a and waits until its {@code repo.created} event is in
   * the channel's history (offset 1 or more), so clients that subscribe next all start after it.
   */
  void createRepo(String name, boolean isPrivate) {
    Rest.Answer created = a().send("POST", "api/v1/user/repos",
        "{\"name\":\"" + name + "\",\"private\":" + isPrivate + ",\"auto_init\":true}", ALICE);
    assertThat(created.status()).as("create alice/%s: %s", name, created).isEqualTo(201);
    String channel = "repo:alice/" + name;
    Await.isTrue(channel + " has its repo.created event", () -> {
      Rest.Answer now = a().get("plugins/tidings/poll?channel=repo%3Aalice%2F" + name + "&timeout=0", ALICE);
      return now.status() == 200 && now.json().path("channels").path(channel).path("offset").asLong() >= 1;
    });
  }

  /** Deletes the run's folder (call after {@link #close}). */
  void deleteFiles() throws IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  public void close() throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (HostProcess node : nodes.values()) {
      try {
        node.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    try {
      redis.close();
    } catch (Exception e) {
      failures.add(e);
    }
    try {
      postgres.close();
    } catch (Exception e) {
      failures.add(e);
    }
    if (!failures.isEmpty()) {
      Exception first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }
}
