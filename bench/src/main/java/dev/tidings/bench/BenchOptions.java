package dev.tidings.bench;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command-line options of the benchmark suite; defaults are the sizes of issue 6, {@code --smoke} shrinks them. */
@Command(name = "tidings-bench", mixinStandardHelpOptions = true,
    description = "Runs the Tidings benchmark scenarios against the sample host with the plugin and against"
        + " a bare Jetty broadcast server, with the same load client.")
public final class BenchOptions {

  @Option(names = "--smoke", description = "Tiny sizes (seconds, not minutes); checks correctness only.")
  boolean smoke;

  @Option(names = "--servers", split = ",", description = "Servers to measure: floor (one write per delivery, no"
      + " server: fixed-rate fan-out only), bare, tidings (default: ${DEFAULT-VALUE}).")
  List<String> servers = List.of("floor", "bare", "tidings");

  @Option(names = "--tidings-setting", paramLabel = "KEY=VALUE",
      description = "Extra line for the plugin's tidings.properties (repeatable), to compare settings.")
  List<String> tidingsSettings = new java.util.ArrayList<>();

  @Option(names = "--floor-frame-bytes", description = "Frame size in the floor case, as Tidings' fan-out events on the wire (default: ${DEFAULT-VALUE}).")
  int floorFrameBytes = 296; // a fan-out envelope with --pad 100 is about 292 bytes, plus a 4-byte frame header

  @Option(names = "--client", description = "Fan-out load client: java (the suite's NIO client), node (the npm ws"
      + " package with its default options, bench/node; npm ci runs itself, skipped loudly without node) or both,"
      + " side by side in the same run (default: ${DEFAULT-VALUE}).")
  String client = "both";

  @Option(names = "--node-dir", description = "Folder of the node client (default: bench/node).")
  Path nodeDir;

  // Off by default although ws offers it: Tidings accepts the offer and bare cannot, so the two
  // would do different work, and one node process inflating 100,000 messages/s falls far behind.
  @Option(names = "--node-deflate", negatable = true, defaultValue = "false", fallbackValue = "true",
      description = "Whether the node client offers permessage-deflate (ws's own default; default here: ${DEFAULT-VALUE}).")
  boolean nodeDeflate;

  @Option(names = "--baseline-plugin-jar", description = "A second Tidings drop-in jar (e.g. built from main) run as"
      + " server tidings-base beside tidings in the fan-out cases, interleaved: before and after in the same run.")
  Path baselinePluginJar;

  @Option(names = "--scenarios", split = ",",
      description = "fanout, push, idle, churn, catchup, slow, notify; presence (1,000 viewers on one issue, typing vs fan-out), soak and nodes (1 host vs 3 hosts on Redis,"
          + " needs redis-server) run only when named (default: ${DEFAULT-VALUE}).")
  List<String> scenarios = List.of("fanout", "push", "idle", "churn", "catchup", "slow", "notify");

  @Option(names = "--subscribers", description = "Subscribers in fan-out, push and slow (default: ${DEFAULT-VALUE}).")
  int subscribers = 1000;

  @Option(names = "--rates", split = ",", description = "Fan-out publish rates per second; 0 = as fast as accepted (default: ${DEFAULT-VALUE}).")
  List<Integer> rates = List.of(100, 200, 0);

  @Option(names = "--rate-seconds", description = "Seconds per fixed-rate fan-out case (default: ${DEFAULT-VALUE}).")
  int rateSeconds = 10;

  @Option(names = "--max-events", description = "Events in the as-fast-as-accepted case (default: ${DEFAULT-VALUE}).")
  int maxEvents = 3000;

  @Option(names = "--max-in-flight", description = "Publish requests in flight in the as-fast-as-accepted case (default: ${DEFAULT-VALUE}).")
  int maxInFlight = 4;

  @Option(names = "--repeat", description = "Repeats of each fan-out case; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeat = 1;

  @Option(names = "--pad", description = "Characters of padding in each event's data (default: ${DEFAULT-VALUE}).")
  int pad = 100;

  @Option(names = "--pushes", description = "git pushes per push-to-receipt run (default: ${DEFAULT-VALUE}).")
  int pushes = 20;

  @Option(names = "--idle-sizes", split = ",", description = "Idle connection counts (default: ${DEFAULT-VALUE}); 19000 needs ulimit -n 20000.")
  List<Integer> idleSizes = List.of(5000, 10000, 19000);

  @Option(names = "--churn-cycles", description = "Connect/subscribe/receive/disconnect cycles (default: ${DEFAULT-VALUE}).")
  int churnCycles = 100_000;

  @Option(names = "--churn-batch", description = "Connections per churn wave (default: ${DEFAULT-VALUE}).")
  int churnBatch = 500;

  @Option(names = "--soak-cycles", description = "Connect/subscribe/receive/disconnect cycles of the soak scenario (default: ${DEFAULT-VALUE}).")
  long soakCycles = 1_000_000;

  @Option(names = "--soak-batch", description = "Connections per soak wave (default: ${DEFAULT-VALUE}).")
  int soakBatch = 500;

  @Option(names = "--soak-minutes", description = "Time bound of the soak: it fails if the cycles take longer (default: ${DEFAULT-VALUE}).")
  int soakMinutes = 60;

  @Option(names = "--soak-sample-seconds", description = "Seconds between heap and open-file samples of the soak (default: ${DEFAULT-VALUE}).")
  int soakSampleSeconds = 60;

  @Option(names = "--soak-heap-tolerance-pct", description = "Live heap growth the soak accepts at the end, in % of the start (default: ${DEFAULT-VALUE}; at least 4 MiB).")
  double soakHeapTolerancePct = 5;

  @Option(names = "--soak-fd-slack", description = "Open files above the start the soak accepts at the end (default: ${DEFAULT-VALUE}).")
  int soakFdSlack = 5;

  @Option(names = "--catchup-events", description = "Events a resuming client is behind (default: ${DEFAULT-VALUE}).")
  int catchupEvents = 10_000;

  @Option(names = "--slow-fraction", description = "Fraction of subscribers that stop reading (default: ${DEFAULT-VALUE}).")
  double slowFraction = 0.1;

  @Option(names = "--slow-seconds", description = "Longest publishing phase of the slow-consumer case (default: ${DEFAULT-VALUE}).")
  int slowSeconds = 40;

  @Option(names = "--slow-rate", description = "Events per second in the slow-consumer case (default: ${DEFAULT-VALUE}).")
  int slowRate = 100;

  @Option(names = "--slow-pad", description = "Padding per event in the slow-consumer case, to fill buffers sooner (default: ${DEFAULT-VALUE}).")
  int slowPad = 2000;

  @Option(names = "--watchers", description = "Watchers of the repository in the notification case (default: ${DEFAULT-VALUE}).")
  int watchers = 10_000;

  @Option(names = "--source-addresses", description = "Client source addresses 127.0.0.2.. (default: ${DEFAULT-VALUE}).")
  int sourceAddresses = 8;

  @Option(names = "--client-threads", description = "Load client selector threads (default: ${DEFAULT-VALUE}).")
  int clientThreads = 2;

  @Option(names = "--server-heap", description = "-Xmx of each server under test (default: ${DEFAULT-VALUE}).")
  String serverHeap = "2g";

  @Option(names = "--host-jar", description = "The sample host's runnable jar (default: sample-host/server/target/sample-host.jar).")
  Path hostJar;

  @Option(names = "--plugin-jar", description = "The Tidings drop-in jar (default: plugin/target/tidings-plugin.jar).")
  Path pluginJar;

  @Option(names = "--repo", description = "Repository used on the host (default: ${DEFAULT-VALUE}).")
  String repo = "alice/demo";

  @Option(names = "--user", description = "Host user with write access to the repository (default: ${DEFAULT-VALUE}).")
  String user = "alice";

  @Option(names = "--password", description = "That user's password (default: ${DEFAULT-VALUE}).")
  String password = "tidings-alice";

  @Option(names = "--out", description = "Directory for JSON results, charts and server logs (default: bench/target/results).")
  Path out;

  @Option(names = "--jfr", description = "Record each server under test with JDK Flight Recorder (profile settings) into the logs folder.")
  boolean jfr;

  @Option(names = "--note", description = "Free text stored with the results (e.g. what else ran).")
  String note = "";

  /** The soak scenario's settings. */
  public dev.tidings.bench.scenario.Soak.Settings soak() {
    return new dev.tidings.bench.scenario.Soak.Settings(soakCycles, soakBatch, java.time.Duration.ofMinutes(soakMinutes),
        java.time.Duration.ofSeconds(soakSampleSeconds), soakHeapTolerancePct, 4096, soakFdSlack);
  }

  /** Applies --smoke sizes. */
  void applySmoke() {
    if (!smoke) {
      return;
    }
    subscribers = Math.min(subscribers, 20);
    rates = List.of(50, 0);
    rateSeconds = 1;
    maxEvents = 100;
    pushes = Math.min(pushes, 2);
    idleSizes = List.of(50);
    churnCycles = 40;
    churnBatch = 10;
    soakCycles = 60;
    soakBatch = 10;
    soakMinutes = 2;
    soakSampleSeconds = 1;
    catchupEvents = 200;
    slowSeconds = 2;
    slowRate = 50;
    watchers = Math.min(watchers, 5);
    sourceAddresses = 2;
    serverHeap = "256m";
  }
}
