package dev.tidings.bench;

import static dev.tidings.testing.support.Requirements.require;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.bench.report.Result;
import dev.tidings.testing.support.HostTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark at tiny sizes, so it cannot rot: both servers in their own processes, the real load
 * client, every scenario. Asserts correctness only (nothing lost or duplicated, results written), never timing.
 */
@HostTest
class BenchSmokeTest {

  @TempDir
  Path out;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS) // a bound against hangs, not a speed check
  void smokeRunOnEveryServerLosesNothing() throws Exception {
    // The build copies the reactor's artifacts to target/artifacts (bench/pom.xml); an IDE run after a package
    // falls back to the modules' own target folders.
    Path host = hostJar();
    Path plugin = pluginJar();
    if (!Files.isRegularFile(host) || !Files.isRegularFile(plugin)) {
      System.err.println("!!! SKIPPING the Tidings smoke run: build " + host + " and " + plugin
          + " first (mvn -pl bench -am package -DskipTests) !!!");
    }
    require(Files.isRegularFile(host) && Files.isRegularFile(plugin), "host and plugin jars are not built");

    BenchMain.Run run = smoke(host, plugin, "floor,bare,tidings", "fanout,push,idle,churn,catchup,slow,notify,soak");

    assertThat(run.failures()).isEmpty();
    assertThat(run.results()).filteredOn(r -> r.server().equals("bare")).extracting(Result::scenario)
        .contains("fanout", "idle", "churn", "catchup", "slow");
    assertThat(run.results()).filteredOn(r -> r.server().equals("tidings")).extracting(Result::scenario)
        .contains("fanout", "push", "idle", "churn", "catchup", "slow", "notify", "soak");
    // The soak samples heap and open files at the start and the end (and fails the run unless they return).
    assertThat(run.results()).filteredOn(r -> r.scenario().equals("soak"))
        .allSatisfy(r -> assertThat(r.metrics()).containsKeys("heap_start_kib", "heap_end_kib", "open_files_start",
            "open_files_end"));
    assertThat(run.results()).filteredOn(r -> r.server().equals("tidings") && r.scenario().equals("fanout"))
        .allSatisfy(r -> assertThat(r.ratios()).containsKey("server_cpu_us_per_delivery"));
    // The loopback floor: fixed rates only, every frame to every socket.
    assertThat(run.results()).filteredOn(r -> r.server().equals("floor")).singleElement()
        .satisfies(r -> {
          assertThat(r.kase()).isEqualTo("50/s");
          assertThat(r.number("deliveries")).isEqualTo(r.number("events") * r.number("subscribers")).isPositive();
          assertThat(r.number("server_cpu_us_per_delivery")).isPositive();
        });
    // The push case pairs every push with one to a host without plugins, with and without subscribers.
    assertThat(run.results()).filteredOn(r -> r.scenario().equals("push")).singleElement()
        .satisfies(r -> assertThat(r.metrics()).containsKeys("plugin_overhead_p50_ms",
            "no_subscribers_plugin_overhead_p50_ms", "host_only_push_p50_ms"));
    assertThat(run.results()).filteredOn(r -> r.scenario().equals("churn"))
        .allSatisfy(r -> assertThat(r.metrics()).containsKeys("connect_ms_per_wave", "close_ms_per_wave"));
    // The third-party client (npm ws) beside the Java one, when node is here (the run says so loudly otherwise).
    if (nodeAvailable()) {
      assertThat(run.results()).filteredOn(r -> r.scenario().equals("fanout-node")).extracting(Result::server)
          .contains("bare", "tidings");
    }
    assertCorrect(run);
  }

  /** The node client path alone, on the bare server only: bounded, asserts every event reached every subscriber. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a bound against hangs, not a speed check
  void nodeClientDeliversEveryEvent() throws Exception {
    require(nodeAvailable(), "node is not on the PATH (the node client smoke run needs it)");

    BenchMain.Run run = smoke(hostJar(), pluginJar(), "bare", "fanout", "--client", "node");

    assertThat(run.failures()).isEmpty();
    assertThat(run.results()).filteredOn(r -> r.scenario().equals("fanout-node")).hasSize(2) // 50/s and max
        .allSatisfy(r -> {
          assertThat(r.number("events")).isPositive();
          assertThat(r.number("deliveries")).isEqualTo(r.number("events") * r.number("subscribers"));
          assertThat(r.number("subscribers")).isEqualTo(20);
          assertThat(r.metrics().get("ws_extensions")).isEqualTo(""); // the bare server refuses permessage-deflate
        });
    assertCorrect(run, false); // the charts are drawn from the Java client's fan-out, absent here
  }

  /**
   * The nodes scenario at tiny sizes: one host, one host on Redis, three hosts on Redis sharing a data folder
   * (20 subscribers round-robin). Asserts that every event reached every subscriber on every node, and the
   * comparison fields; never timing.
   */
  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS) // a bound against hangs, not a speed check
  void nodesScenarioOnRedisLosesNothing() throws Exception {
    require(Files.isRegularFile(hostJar()) && Files.isRegularFile(pluginJar()), "host and plugin jars are not built");
    boolean redis = dev.tidings.testing.services.RedisServer.binary().isPresent();

    BenchMain.Run run = smoke(hostJar(), pluginJar(), "tidings", "nodes", "--client", "java");

    assertThat(run.failures()).isEmpty();
    JsonNode doc = new ObjectMapper().readTree(run.json().toFile());
    if (!redis) {
      // Said loudly on the console and recorded, like the node client's skip.
      assertThat(doc.path("machine").path("nodes_skipped").asText()).contains("redis-server");
      assertThat(run.results()).isEmpty();
      require(false, "redis-server is not installed; the nodes scenario was skipped (and recorded as such)");
    }
    assertThat(run.results()).filteredOn(r -> r.scenario().equals("nodes")).hasSize(6) // 50/s and max, 3 layouts
        .allSatisfy(r -> {
          assertThat(r.number("events")).isPositive();
          assertThat(r.number("deliveries")).isEqualTo(r.number("events") * r.number("subscribers"));
          assertThat(r.number("subscribers")).isEqualTo(20);
          assertThat(r.metrics()).containsKeys("p50_ms", "p99_ms", "max_ms", "server_cpu_us_per_delivery",
              "server_cpu_us_per_delivery_by_node", "publish_answer_p50_ms", "publish_answer_p99_ms");
        })
        .extracting(Result::server).containsOnly("1-node", "1-node-redis", "3-nodes-redis");
    assertThat(run.results()).filteredOn(r -> r.server().equals("3-nodes-redis")).allSatisfy(r -> {
      assertThat(r.metrics().get("subscribers_per_node")).isEqualTo(List.of(7, 7, 6));
      assertThat(r.number("publishing_node_lost") + r.number("other_nodes_lost")).isZero();
      assertThat(r.metrics()).containsKeys("publishing_node_p99_ms", "other_nodes_p99_ms", "redis_cpu_us_per_event");
    });
    assertThat(run.results()).filteredOn(r -> !r.server().equals("1-node")).allSatisfy(r -> assertThat(r.metrics())
        .containsKeys("p99_diff_ms_vs_baseline", "p50_diff_ms_vs_baseline", "p99_within_target",
            "server_cpu_ratio_vs_baseline", "redis_cpu_us_per_delivery"));
    for (JsonNode row : doc.path("results")) {
      assertThat(row.path("metrics").has("p99_ms")).isTrue();
    }
    assertThat(doc.path("machine").path("redis").asText()).contains("appendfsync always");
    assertCorrect(run, false); // the charts are drawn from the fanout scenario, absent here
  }

  /**
   * The presence scenario at tiny sizes (50 viewers, 10 typists, 2 pairs of 5 s): every join
   * delivered, the heap figure and the alternating typing pairs present, no event lost, typing
   * delivered in the runs with typists; never timing.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS) // a bound against hangs, not a speed check
  void presenceScenarioReportsHeapAndAlternatingTypingPairs() throws Exception {
    require(Files.isRegularFile(hostJar()) && Files.isRegularFile(pluginJar()), "host and plugin jars are not built");

    BenchMain.Run run = smoke(hostJar(), pluginJar(), "tidings", "presence", "--client", "java");

    assertThat(run.failures()).isEmpty();
    assertThat(run.results()).filteredOn(r -> r.scenario().equals("presence")).hasSize(2);
    Result heap = run.results().stream().filter(r -> r.kase().startsWith("heap")).findFirst().orElseThrow();
    assertThat(heap.number("presence_messages")).isEqualTo(heap.number("presence_messages_expected")).isEqualTo(50 + 50 * 49 / 2.0);
    assertThat(heap.number("settled")).isEqualTo(1);
    assertThat(heap.metrics()).containsKey("heap_bytes_per_viewer");
    Result typing = run.results().stream().filter(r -> r.kase().startsWith("typing")).findFirst().orElseThrow();
    assertThat(typing.number("repeats")).isEqualTo(2.0);
    assertThat(typing.number("lost")).isZero();
    assertThat(typing.number("typing_messages_delivered")).isPositive();
    assertThat(typing.metrics()).containsKeys("p99_ms_without", "p99_ms_with", "p99_ms_paired_differences",
        "p99_ms_paired_difference_median", "p99_ms_difference", "server_cpu_ratio_with_vs_without");
  }

  private static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path hostJar() {
    return Path.of(System.getProperty("tidings.bench.hostJar", "../sample-host/server/target/sample-host.jar"));
  }

  private static Path pluginJar() {
    return Path.of(System.getProperty("tidings.bench.pluginJar", "../plugin/target/tidings-plugin.jar"));
  }

  private BenchMain.Run smoke(Path host, Path plugin, String servers, String scenarios, String... more)
      throws Exception {
    BenchOptions opt = new BenchOptions();
    List<String> args = new java.util.ArrayList<>(List.of("--smoke", "--servers", servers, "--scenarios", scenarios,
        "--out", out.toString(), "--host-jar", host.toAbsolutePath().toString(),
        "--plugin-jar", plugin.toAbsolutePath().toString()));
    args.addAll(List.of(more));
    new picocli.CommandLine(opt).parseArgs(args.toArray(String[]::new));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    BenchMain.Run run;
    try (PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      run = BenchMain.run(opt, ps);
    } finally {
      System.out.print(console.toString(StandardCharsets.UTF_8));
    }
    return run;
  }

  private static void assertCorrect(BenchMain.Run run) throws Exception {
    assertCorrect(run, true);
  }

  private static void assertCorrect(BenchMain.Run run, boolean charts) throws Exception {
    for (Result r : run.results()) {
      if (r.metrics().containsKey("lost")) {
        assertThat(r.number("lost")).as("lost in %s %s on %s", r.scenario(), r.kase(), r.server()).isZero();
      }
      if (r.metrics().containsKey("duplicated")) {
        assertThat(r.number("duplicated")).as("duplicated in %s %s on %s", r.scenario(), r.kase(), r.server())
            .isZero();
      }
    }
    assertThat(run.json()).exists();
    JsonNode doc = new ObjectMapper().readTree(run.json().toFile());
    assertThat(doc.path("results").size()).isEqualTo(run.results().size());
    if (!charts) {
      return;
    }
    List<Path> svgs;
    try (var files = Files.list(run.json().getParent())) {
      svgs = files.filter(p -> p.toString().endsWith(".svg")).toList();
    }
    assertThat(svgs).isNotEmpty();
  }
}
