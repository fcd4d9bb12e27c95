package dev.tidings.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tidings.bench.bare.BareServer;
import dev.tidings.bench.client.NodeClient;
import dev.tidings.bench.client.Target;
import dev.tidings.bench.report.ConsoleTable;
import dev.tidings.bench.report.Ratios;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.report.Charts;
import dev.tidings.bench.floor.LoopbackFloor;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.scenario.BenchContext;
import dev.tidings.bench.scenario.CatchUp;
import dev.tidings.bench.scenario.Churn;
import dev.tidings.bench.scenario.ClientFanOut;
import dev.tidings.bench.scenario.IdleConnections;
import dev.tidings.bench.scenario.Nodes;
import dev.tidings.bench.scenario.Notifications;
import dev.tidings.bench.scenario.PushToReceipt;
import dev.tidings.bench.scenario.Sizes;
import dev.tidings.bench.scenario.SlowConsumers;
import dev.tidings.bench.scenario.Soak;
import dev.tidings.bench.scenario.Sut;
import dev.tidings.bench.server.HostApi;
import dev.tidings.bench.server.Launchers;
import dev.tidings.bench.server.ServerProcess;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * The benchmark suite: starts each server under test in its own JVM, runs the chosen scenarios with the
 * same load client, and writes a console table, a JSON file and SVG charts per run.
 */
public final class BenchMain {

  /** Outcome of a suite run. */
  public record Run(List<Result> results, Path json, List<String> failures) {}

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    BenchOptions opt = new BenchOptions();
    CommandLine cl = new CommandLine(opt);
    try {
      cl.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      System.err.println(e.getMessage());
      cl.usage(System.err);
      System.exit(2);
      return;
    }
    if (cl.isUsageHelpRequested()) {
      cl.usage(System.out);
      return;
    }
    Run run = run(opt, System.out);
    System.exit(run.failures().isEmpty() ? 0 : 1);
  }

  /** Runs the suite with parsed options; used by main and by the smoke test. */
  public static Run run(BenchOptions opt, PrintStream console) throws Exception {
    opt.applySmoke();
    Path out = opt.out != null ? opt.out : defaultOut();
    Files.createDirectories(out);
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    Path work = Files.createTempDirectory("tidings-bench-");
    Path logs = out.resolve("logs-" + stamp);
    Launchers.jfr(opt.jfr ? logs : null);
    Launchers.tidingsSettings(opt.tidingsSettings);
    Sizes sizes = new Sizes(opt.smoke, opt.subscribers, opt.rates, opt.rateSeconds, opt.maxEvents, opt.maxInFlight,
        opt.repeat, opt.pad, opt.pushes, opt.idleSizes, opt.churnCycles, opt.churnBatch, opt.catchupEvents,
        opt.slowFraction, opt.slowSeconds, opt.slowRate, opt.slowPad, opt.watchers, opt.sourceAddresses,
        opt.clientThreads);
    BenchContext ctx = new BenchContext(sizes, out, work, console);
    Map<String, Object> machine = Machine.describe();
    List<String> failures = new ArrayList<>();
    Instant started = Instant.now();
    List<String> clients = clients(opt, ctx, logs, machine);
    if (opt.servers.contains("floor")) {
      try {
        runFloor(opt, ctx);
      } catch (Exception e) {
        failures.add("floor: " + e);
        ctx.log("floor failed: %s", e);
        e.printStackTrace(console);
      }
    }
    // Fan-out first, with every server under test running at once and the cases interleaved (see
    // ClientFanOut); then the other scenarios, one server after the other.
    List<String> servers = opt.servers.stream().filter(x -> !x.equals("floor")).toList();
    if (opt.scenarios.contains("fanout") && !clients.isEmpty()) {
      runFanOut(opt, ctx, work, logs, failures, servers, clients);
    }
    // Several nodes on Redis: its own servers (one and three hosts), whatever --servers says.
    if (opt.scenarios.contains(Nodes.SCENARIO)) {
      NodesRun.run(opt, ctx, work, logs, failures, machine);
    }
    List<String> others = opt.scenarios.stream().filter(x -> !x.equals("fanout") && !x.equals(Nodes.SCENARIO))
        .toList();
    for (String server : others.isEmpty() ? List.<String>of() : servers) {
      try {
        switch (server) {
          case "bare" -> {
            try (ServerProcess p = Launchers.bare(opt.serverHeap, logs)) {
              runScenarios(opt, others, ctx, bareSut(opt, p), null, failures);
            }
          }
          case "tidings" -> runTidings(opt, others, ctx, work, logs, failures);
          default -> failures.add("unknown server " + server);
        }
      } catch (Exception e) {
        failures.add(server + ": " + e);
        ctx.log("%s failed: %s", server, e);
        e.printStackTrace(console);
      }
    }
    deleteTree(work);
    Ratios.compute(ctx.results(), "bare");
    for (Result r : ctx.results()) {
      if (r.errors() > 0) {
        failures.add(r.scenario() + " " + r.kase() + " on " + r.server() + ": lost " + r.number("lost")
            + ", duplicated " + r.number("duplicated"));
      }
    }
    machine.put("load_average_after", Machine.loadAverage());
    machine.put("busiest_processes_after", Machine.busiest());
    console.println();
    ConsoleTable.print(ctx.results(), console);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("started", started.toString());
    doc.put("finished", Instant.now().toString());
    doc.put("smoke", opt.smoke);
    doc.put("note", opt.note);
    doc.put("machine", machine);
    doc.put("sizes", sizes);
    doc.put("server_heap", opt.serverHeap);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Result r : ctx.results()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("scenario", r.scenario());
      row.put("case", r.kase());
      row.put("server", r.server());
      row.put("metrics", r.metrics());
      row.put("ratio_to_bare", r.ratios());
      rows.add(row);
    }
    doc.put("results", rows);
    doc.put("failures", failures);
    Path json = out.resolve("bench-" + stamp + (opt.smoke ? "-smoke" : "") + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
    Charts.write(ctx.results(), out, stamp);
    console.println();
    console.println("results: " + json);
    if (!failures.isEmpty()) {
      console.println("FAILURES:");
      failures.forEach(f -> console.println("  " + f));
    }
    return new Run(ctx.results(), json, failures);
  }

  /** The loopback floor for the fixed-rate fan-out cases (no server process; see {@link LoopbackFloor}). */
  private static void runFloor(BenchOptions opt, BenchContext ctx) throws Exception {
    if (!opt.scenarios.contains("fanout")) {
      return;
    }
    Sizes s = ctx.sizes();
    LoopbackFloor floor = new LoopbackFloor(s.subscribers(), opt.floorFrameBytes, s.clientThreads(), s.sourceAddresses());
    floor.run(s.rates().stream().filter(r -> r > 0).findFirst().orElse(100), s.smoke() ? 20 : 1000, 60_000); // warm-up
    for (int rate : s.rates()) {
      if (rate <= 0) {
        continue; // as fast as possible has nothing to compare: servers coalesce there, the floor does not
      }
      Result r = floor.run(rate, rate * s.rateSeconds(), 60_000);
      ctx.add(r);
      ctx.log("floor fan-out %s: %s", r.kase(), r.metrics());
    }
  }

  /** The fan-out clients of this run: {@code --client}, less node when it cannot run here (said loudly). */
  private static List<String> clients(BenchOptions opt, BenchContext ctx, Path logs, Map<String, Object> machine) {
    List<String> clients = switch (opt.client) {
      case "java" -> List.of("java");
      case "node" -> List.of("node");
      case "both" -> List.of("java", "node");
      default -> throw new IllegalArgumentException("--client must be java, node or both: " + opt.client);
    };
    if (clients.contains("node") && opt.scenarios.contains("fanout")) {
      String why = NodeClient.unavailable(NodeClient.locate(opt.nodeDir), logs);
      if (why != null) {
        ctx.log("!!! SKIPPING the node (npm ws) fan-out client: %s !!!", why);
        machine.put("node_client_skipped", why);
        clients = clients.stream().filter(c -> !c.equals("node")).toList();
      }
    }
    return clients;
  }

  /** Fan-out on every server at once, interleaved per repeat and client (see {@link ClientFanOut}). */
  private static void runFanOut(BenchOptions opt, BenchContext ctx, Path work, Path logs, List<String> failures,
      List<String> servers, List<String> clients) {
    List<ServerProcess> started = new ArrayList<>();
    try {
      List<Sut> suts = new ArrayList<>();
      for (String server : servers) {
        switch (server) {
          case "bare" -> {
            ServerProcess p = Launchers.bare(opt.serverHeap, logs);
            started.add(p);
            suts.add(bareSut(opt, p));
          }
          case "tidings" -> {
            Path hostJar = locate(opt.hostJar, "sample-host/server/target/sample-host.jar");
            if (opt.baselinePluginJar != null) {
              ServerProcess base = Launchers.host("tidings-base", hostJar, List.of(opt.baselinePluginJar),
                  opt.serverHeap, work, logs);
              started.add(base);
              suts.add(tidingsSut(opt, ctx, base, "tidings-base"));
            }
            ServerProcess p = Launchers.host("tidings", hostJar,
                List.of(locate(opt.pluginJar, "plugin/target/tidings-plugin.jar")), opt.serverHeap, work, logs);
            started.add(p);
            suts.add(tidingsSut(opt, ctx, p));
          }
          default -> failures.add("unknown server " + server);
        }
      }
      Path nodeDir = clients.contains("node") ? NodeClient.locate(opt.nodeDir) : null;
      ClientFanOut.run(suts, clients, new ClientFanOut.NodeSetup(nodeDir, opt.nodeDeflate, logs), ctx);
      for (Sut sut : suts) {
        if (!sut.process().isAlive()) {
          failures.add(sut.name() + " died during fanout; see " + sut.process().log());
        }
      }
    } catch (Exception e) {
      failures.add("fanout: " + e);
      ctx.log("fanout failed: %s", e);
      e.printStackTrace(System.err);
    } finally {
      for (ServerProcess p : started) {
        try {
          p.close();
        } catch (Exception e) {
          ctx.log("stopping %s: %s", p.name(), e);
        }
      }
    }
  }

  private static Sut bareSut(BenchOptions opt, ServerProcess p) {
    Target t = new Target("bare", "127.0.0.1", p.port(), BareServer.WS_PATH, BareServer.PUBLISH_PATH,
        Map.of(), Map.of());
    return new Sut("bare", p, t, "repo:" + opt.repo, channels(opt.repo));
  }

  private static Sut tidingsSut(BenchOptions opt, BenchContext ctx, ServerProcess p) throws Exception {
    return tidingsSut(opt, ctx, p, "tidings");
  }

  static Sut tidingsSut(BenchOptions opt, BenchContext ctx, ServerProcess p, String name) throws Exception {
    HostApi api = new HostApi(p.port());
    // A token keeps every upgrade and publish cheap (Basic means a PBKDF2 check per request).
    String auth = api.readyToken(opt.user, opt.password, Duration.ofSeconds(90));
    if (!api.awaitOk("/plugins/tidings/health", auth, Duration.ofSeconds(60))) {
      ctx.log("tidings: /plugins/tidings/health did not answer 2xx; going on");
    }
    Target t = new Target(name, "127.0.0.1", p.port(), BareServer.WS_PATH, BareServer.PUBLISH_PATH,
        Map.of("Authorization", auth), Map.of("Authorization", auth));
    return new Sut(name, p, t, "repo:" + opt.repo, channels(opt.repo));
  }

  private static void runTidings(BenchOptions opt, List<String> scenarios, BenchContext ctx, Path work, Path logs,
      List<String> failures) throws Exception {
    Path hostJar = locate(opt.hostJar, "sample-host/server/target/sample-host.jar");
    Path pluginJar = locate(opt.pluginJar, "plugin/target/tidings-plugin.jar");
    try (ServerProcess p = Launchers.host("tidings", hostJar, List.of(pluginJar), opt.serverHeap, work, logs)) {
      Sut sut = tidingsSut(opt, ctx, p);
      runScenarios(opt, scenarios, ctx, sut,
          () -> Launchers.host("host-only", hostJar, List.of(), opt.serverHeap, work, logs), failures);
    }
  }

  /** {@code hostOnly} starts the host without plugins, for the push case's paired comparison (null: no push case). */
  private static void runScenarios(BenchOptions opt, List<String> scenarios, BenchContext ctx, Sut sut,
      Callable<ServerProcess> hostOnly, List<String> failures) {
    for (String scenario : scenarios) {
      ctx.log("%s: %s", sut.name(), scenario);
      try {
        switch (scenario) {
          case "push" -> {
            if (hostOnly != null) {
              PushToReceipt.run(sut, opt.user, opt.password, opt.repo, hostOnly, ctx);
            }
          }
          case "idle" -> IdleConnections.run(sut, ctx);
          case "churn" -> Churn.run(sut, ctx);
          case "soak" -> Soak.run(sut, ctx, opt.soak());
          case "catchup" -> CatchUp.run(sut, ctx);
          case "slow" -> SlowConsumers.run(sut, ctx);
          case "presence" -> {
            if (!sut.name().equals("bare")) {
              dev.tidings.bench.scenario.Presence.run(sut, ctx);
            }
          }
          case "notify" -> {
            if (!sut.name().equals("bare")) {
              Notifications.run(sut, opt.user, opt.password, opt.repo, ctx);
            }
          }
          default -> failures.add("unknown scenario " + scenario);
        }
      } catch (Exception e) {
        failures.add(scenario + " on " + sut.name() + ": " + e);
        ctx.log("%s on %s failed: %s", scenario, sut.name(), e);
      }
      if (!sut.process().isAlive()) {
        failures.add(sut.name() + " died during " + scenario + "; see " + sut.process().log());
        return;
      }
    }
  }

  /** Removes the run's scratch folder (server data, git working copies); best effort. */
  static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException ignored) {
      // leftovers in the temp folder do no harm
    }
  }

  static List<String> channels(String repo) {
    return List.of("repo:" + repo, "repo:" + repo + "/prs", "repo:" + repo + "/issues");
  }

  /** Finds a build artifact relative to the working directory or its parent (when run from bench/). */
  static Path locate(Path given, String relative) {
    if (given != null) {
      return given;
    }
    for (Path base : List.of(Path.of(""), Path.of(".."))) {
      Path p = base.resolve(relative).toAbsolutePath().normalize();
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalStateException(relative + " not found; build it first (mvn -pl bench -am package -DskipTests)");
  }

  static Path defaultOut() {
    Path bench = Files.isDirectory(Path.of("bench", "src")) ? Path.of("bench") : Path.of("");
    return bench.resolve("target").resolve("results").toAbsolutePath().normalize();
  }
}
