package dev.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.bench.report.Result;
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
class BenchSmokeTest {

  @TempDir
  Path out;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS) // a bound against hangs, not a speed check
  void smokeRunOnEveryServerLosesNothing() throws Exception {
    Path host = Path.of("../sample-host/server/target/sample-host.jar");
    Path plugin = Path.of("../plugin/target/tidings-plugin.jar");
    if (!Files.isRegularFile(host) || !Files.isRegularFile(plugin)) {
      System.err.println("!!! SKIPPING the Tidings smoke run: build " + host + " and " + plugin
          + " first (mvn -pl bench -am package -DskipTests) !!!");
    }
    assumeTrue(Files.isRegularFile(host) && Files.isRegularFile(plugin), "host and plugin jars are not built");

    BenchMain.Run run = smoke("floor,bare,tidings", "fanout,push,idle,churn,catchup,slow,notify,soak");

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
    if (!nodeAvailable()) {
      System.err.println("!!! SKIPPING the node client smoke run: node is not on the PATH !!!");
    }
    assumeTrue(nodeAvailable(), "node is not installed");

    BenchMain.Run run = smoke("bare", "fanout", "--client", "node");

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

  private BenchMain.Run smoke(String servers, String scenarios, String... more) throws Exception {
    BenchOptions opt = new BenchOptions();
    List<String> args = new java.util.ArrayList<>(List.of("--smoke", "--servers", servers, "--scenarios", scenarios,
        "--out", out.toString()));
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
