package dev.tidings.bench;

import dev.tidings.bench.scenario.BenchContext;
import dev.tidings.bench.scenario.Nodes;
import dev.tidings.bench.scenario.Sut;
import dev.tidings.bench.server.Launchers;
import dev.tidings.bench.server.ServerProcess;
import dev.tidings.testing.services.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sets up the nodes scenario: one Redis ({@code appendfsync always}, as docs/scale-out.md requires) and three
 * layouts of the sample host with the drop-in plugin, all running at once:
 * <ol>
 *   <li>{@code 1-node}: one host, default mode (SQLite log, in-process broker): what fanout measures;</li>
 *   <li>{@code 1-node-redis}: one host with {@code broker=redis}: the Redis hop alone;</li>
 *   <li>{@code 3-nodes-redis}: three hosts with {@code broker=redis} sharing one data folder (each with its own
 *       plugins' data folder); events are published on the first.</li>
 * </ol>
 * The two Redis layouts use different key prefixes of the one Redis, so neither sees the other's events.
 */
final class NodesRun {

  static final int CLUSTER_NODES = 3;

  private NodesRun() {
  }

  static void run(BenchOptions opt, BenchContext ctx, Path work, Path logs, List<String> failures,
      Map<String, Object> machine) {
    if (RedisServer.binary().isEmpty()) {
      String why = "redis-server is not installed (Debian: apt-get install -y redis-server)";
      ctx.log("!!! SKIPPING the nodes scenario (several hosts on Redis): %s !!!", why);
      machine.put("nodes_skipped", why);
      return;
    }
    List<ServerProcess> started = new ArrayList<>();
    RedisServer redis = null;
    try {
      redis = RedisServer.launch(work);
      machine.put("redis", redisVersion() + ", appendonly yes, appendfsync always");
      Path hostJar = BenchMain.locate(opt.hostJar, "sample-host/server/target/sample-host.jar");
      List<Path> plugin = List.of(BenchMain.locate(opt.pluginJar, "plugin/target/tidings-plugin.jar"));
      List<Nodes.Variant> variants = new ArrayList<>();

      ServerProcess single = Launchers.host("1-node", hostJar, plugin, opt.serverHeap, work, logs);
      started.add(single);
      variants.add(new Nodes.Variant("1-node", "one host, default mode (SQLite log, in-process broker)",
          List.of(BenchMain.tidingsSut(opt, ctx, single, "1-node")), -1));

      ServerProcess singleRedis = Launchers.node(new Launchers.Node("1-node-redis",
          work.resolve("1-node-redis-data"), null, true, redisSettings(redis, "bench1")), hostJar, plugin,
          opt.serverHeap, work, logs);
      started.add(singleRedis);
      variants.add(new Nodes.Variant("1-node-redis", "one host, broker=redis",
          List.of(BenchMain.tidingsSut(opt, ctx, singleRedis, "1-node-redis")), redis.pid()));

      // The first node seeds the shared data folder (demo users, repositories) and is ready before the others
      // start, so only one process ever creates the host's schema and demo data.
      Path shared = work.resolve("3-nodes-redis-data");
      List<Sut> cluster = new ArrayList<>();
      for (int i = 1; i <= CLUSTER_NODES; i++) {
        String name = "3-nodes-redis-" + i;
        ServerProcess p = Launchers.node(new Launchers.Node(name, shared, work.resolve(name + "-plugins-data"),
            i == 1, redisSettings(redis, "bench3")), hostJar, plugin, opt.serverHeap, work, logs);
        started.add(p);
        cluster.add(BenchMain.tidingsSut(opt, ctx, p, name));
      }
      variants.add(new Nodes.Variant("3-nodes-redis", CLUSTER_NODES + " hosts, broker=redis, one shared data"
          + " folder; subscribers round-robin, events published on 3-nodes-redis-1", cluster, redis.pid()));

      Nodes.run(variants, ctx);
      for (ServerProcess p : started) {
        if (!p.isAlive()) {
          failures.add(p.name() + " died during nodes; see " + p.log());
        }
      }
    } catch (Exception e) {
      failures.add("nodes: " + e);
      ctx.log("nodes failed: %s", e);
      e.printStackTrace(System.err);
    } finally {
      for (ServerProcess p : started) {
        try {
          p.close();
        } catch (Exception e) {
          ctx.log("stopping %s: %s", p.name(), e);
        }
      }
      // Redis last: hosts stopping while it is gone would wait for it.
      if (redis != null) {
        try {
          redis.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static List<String> redisSettings(RedisServer redis, String prefix) {
    return List.of("broker=redis", "redis.url=" + redis.url(), "redis.keyPrefix=" + prefix);
  }

  /** {@code redis-server --version}, for the results (best effort). */
  private static String redisVersion() {
    try {
      Process p = new ProcessBuilder(RedisServer.binary().orElseThrow().toString(), "--version")
          .redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return v;
    } catch (Exception e) {
      return "redis-server (version unknown: " + e + ")";
    }
  }
}
