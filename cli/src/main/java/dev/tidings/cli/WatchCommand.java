package dev.tidings.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code watch owner/name}: prints the repository's live events until stopped. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Prints the live events of a repository (and/or your notifications), one per line, until Ctrl-C or --count.",
        "After a lost connection it reconnects (exponential back-off with jitter) and resumes from the last event "
            + "printed: nothing is lost or printed twice. If the server cannot replay the gap it says so on stderr.",
        "",
        "The token comes from the environment variable TIDINGS_TOKEN or from token= in the config file "
            + "(~/.config/tidings/config.properties, or $TIDINGS_CONFIG, or --config), never from the command line. "
            + "Without a token only public repositories can be watched.",
        "The server URL comes from --url, TIDINGS_URL or url= in the config file."})
final class WatchCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "OWNER/NAME", description = "The repository, e.g. alice/demo.")
  String repo;

  @Option(names = "--prs", description = "Only pull request events (channel repo:OWNER/NAME/prs).")
  boolean prs;

  @Option(names = "--issues", description = "Only issue events (channel repo:OWNER/NAME/issues).")
  boolean issues;

  @Option(names = {"-n", "--notifications"}, description = "Also your notifications (channel user:<you>; needs a token).")
  boolean notifications;

  @Option(names = "--url", paramLabel = "URL", description = "The server, e.g. http://127.0.0.1:8080/ (or TIDINGS_URL, or url= in the config file).")
  String url;

  @Option(names = "--config", paramLabel = "FILE", description = "The config file (url=, token=).")
  Path config;

  @Option(names = "--json", description = "Print each event's JSON envelope, one per line, exactly as the server sent it.")
  boolean json;

  @Option(names = "--since", paramLabel = "[EPOCH:]OFFSET",
      description = "Start after this offset of the channel: the events after it are replayed first (one channel only).")
  String since;

  @Option(names = "--count", paramLabel = "N", description = "Exit (0) after printing N events.")
  long count = Long.MAX_VALUE;

  @Option(names = "--max-retries", paramLabel = "N", defaultValue = "10",
      description = "Give up (exit 5) after N failed connection attempts in a row (default: ${DEFAULT-VALUE}).")
  int maxRetries;

  @Option(names = "--retry-delay", paramLabel = "MILLIS", defaultValue = "500",
      description = "First reconnect delay; it doubles up to 30 s, with jitter (default: ${DEFAULT-VALUE}).")
  long retryDelay;

  private Map<String, String> env = System.getenv();
  private PrintStream out = System.out;
  private PrintStream err = System.err;

  void io(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    List<String> channels = Watcher.channels(repo, prs, issues);
    if (channels.isEmpty() && !notifications) {
      throw new WatchFailure(Exit.USAGE, "Name a repository (watch alice/demo) or pass --notifications");
    }
    String sinceEpoch = null;
    Long sinceOffset = null;
    if (since != null) {
      if (channels.size() != 1) {
        throw new WatchFailure(Exit.USAGE, "--since needs exactly one repository channel (offsets are per channel)");
      }
      int colon = since.lastIndexOf(':');
      try {
        sinceOffset = Long.parseLong(since.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new WatchFailure(Exit.USAGE, "--since takes OFFSET or EPOCH:OFFSET, e.g. 41 or bff69fb2:41");
      }
      if (sinceOffset < 0 || colon == 0) {
        throw new WatchFailure(Exit.USAGE, "--since takes OFFSET or EPOCH:OFFSET with OFFSET >= 0");
      }
      sinceEpoch = colon > 0 ? since.substring(0, colon) : null;
    }
    if (count < 1 || maxRetries < 0 || retryDelay < 1) {
      throw new WatchFailure(Exit.USAGE, "--count and --retry-delay must be positive, --max-retries at least 0");
    }
    CliConfig cfg = CliConfig.resolve(url, config, env, err);
    Backoff backoff = new Backoff(Duration.ofMillis(retryDelay), Duration.ofSeconds(30), () -> ThreadLocalRandom.current().nextDouble());
    Watcher watcher = new Watcher(new Watcher.Settings(cfg.server(), cfg.token(), channels, notifications, sinceEpoch, sinceOffset,
        json, count, maxRetries, backoff, Duration.ofSeconds(10)), out, err, new EventLines(ZoneId.systemDefault()));
    // Ctrl-C: close the connection normally and end with 0 (the JVM would say 130).
    Thread hook = new Thread(() -> {
      watcher.stop();
      out.flush();
      Runtime.getRuntime().halt(Exit.OK.code());
    }, "tidings-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return watcher.run().code();
    } finally {
      // A normal end must not be turned into 0 by the hook.
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down (Ctrl-C): the hook ends the process.
      }
    }
  }
}
