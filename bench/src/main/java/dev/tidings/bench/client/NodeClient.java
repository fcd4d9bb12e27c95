package dev.tidings.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.bench.stats.Clock;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A third-party load client: {@code bench/node/fanout-client.mjs}, the npm {@code ws} package with its default
 * options in one Node.js process, driven over its stdin/stdout (see the script's header). It exists so the
 * fan-out figures are not only those of the suite's own NIO client: a server can favour the client it was
 * tuned with (issue 13, item 5).
 */
public final class NodeClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCRIPT = "fanout-client.mjs";

  private final Process process;
  private final BufferedWriter in;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
  private final Path log;
  private final JsonNode ready;

  private NodeClient(Process process, Path log, Duration timeout) throws IOException, InterruptedException {
    this.process = process;
    this.log = log;
    this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.put(line);
        }
      } catch (IOException | InterruptedException e) {
        // the process ended; callers time out on the queue
      }
    }, "node-client-out");
    reader.setDaemon(true);
    reader.start();
    String first = next(timeout);
    if (!first.startsWith("READY ")) {
      throw new IOException("node client did not become ready: " + first + "; see " + log);
    }
    this.ready = JSON.readTree(first.substring("READY ".length()));
  }

  /**
   * The folder with {@code package.json} and the script: {@code explicit}, else {@code bench/node} (run from the
   * repository root), {@code node} (from the bench module) or next to the bench jar's folder; null if none.
   */
  public static Path locate(Path explicit) {
    List<Path> candidates = new ArrayList<>();
    if (explicit != null) {
      candidates.add(explicit);
    }
    candidates.add(Path.of("bench", "node"));
    candidates.add(Path.of("node"));
    try {
      Path jar = Path.of(NodeClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      candidates.add(jar.getParent().getParent().resolve("node")); // bench/target/x.jar or bench/target/classes
    } catch (Exception e) {
      // no code source: the other candidates remain
    }
    for (Path p : candidates) {
      if (Files.isRegularFile(p.resolve(SCRIPT)) && Files.isRegularFile(p.resolve("package.json"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    return null;
  }

  /** Why the node client cannot run here (no node, no folder, npm ci failed), or null when it can. */
  public static String unavailable(Path dir, Path logDir) {
    if (dir == null) {
      return "bench/node (" + SCRIPT + ", package.json) not found; pass --node-dir";
    }
    String version = run(List.of("node", "--version"), dir, null, Duration.ofSeconds(30));
    if (version == null || !version.startsWith("v")) {
      return "node is not installed (node --version: " + version + ")";
    }
    if (!Files.isDirectory(dir.resolve("node_modules").resolve("ws"))) {
      // The suite installs its own client's dependency, from the committed lock file.
      String out = run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, logDir.resolve("npm-ci.log"),
          Duration.ofMinutes(5));
      if (out == null || !Files.isDirectory(dir.resolve("node_modules").resolve("ws"))) {
        return "npm ci in " + dir + " failed; see " + logDir.resolve("npm-ci.log");
      }
    }
    return null;
  }

  /** Output of a short command, or null if it failed to start, timed out or exited non-zero. */
  private static String run(List<String> cmd, Path dir, Path log, Duration timeout) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
      if (log != null) {
        Files.createDirectories(log.getParent());
        pb.redirectOutput(log.toFile());
      }
      Process p = pb.start();
      p.getOutputStream().close();
      String out = log == null ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim() : "";
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Starts the script with {@code subscribers} connections to {@code target} on {@code channel} (spread over
   * {@code sourceAddresses} addresses 127.0.0.2...) and waits until every one is subscribed.
   */
  public static NodeClient start(Path dir, Target target, String channel, int subscribers, int sourceAddresses,
      boolean deflate, Path logDir, Duration timeout) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("node", SCRIPT, "--url", target.wsUri().toString(),
        "--subscribers", Integer.toString(subscribers), "--channel", channel,
        "--source-addresses", Integer.toString(sourceAddresses)));
    for (Map.Entry<String, String> h : target.wsHeaders().entrySet()) {
      cmd.add("--header");
      cmd.add(h.getKey() + ": " + h.getValue());
    }
    if (!deflate) {
      cmd.add("--no-deflate");
    }
    Files.createDirectories(logDir);
    Path log = logDir.resolve("node-client-" + target.name() + "-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(log.toFile()).start();
    try {
      return new NodeClient(p, log, timeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    }
  }

  /** What the script printed when ready: subscribers, negotiated extensions, node and ws versions. */
  public JsonNode ready() {
    return ready;
  }

  /** Zeroes the script's counters and aligns its clock with this JVM's {@link Clock}. */
  public void reset() throws IOException, InterruptedException {
    command("sync " + Clock.micros());
    command("reset");
  }

  /** The script's figures since the last reset; {@code expectedPerConnection} counts loss. */
  public JsonNode report(long expectedPerConnection) throws IOException, InterruptedException {
    return command("report " + expectedPerConnection);
  }

  /** Deliveries since the last reset (a report without loss accounting). */
  public long deliveries() throws IOException, InterruptedException {
    return report(-1).path("deliveries").asLong();
  }

  private JsonNode command(String line) throws IOException, InterruptedException {
    in.write(line);
    in.newLine();
    in.flush();
    String answer = next(Duration.ofSeconds(30));
    JsonNode n = JSON.readTree(answer);
    if (n.has("error")) {
      throw new IOException("node client: " + n.path("error").asText());
    }
    return n;
  }

  private String next(Duration timeout) throws IOException, InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new IOException("node client did not answer within " + timeout + " (alive: " + process.isAlive()
          + "); see " + log);
    }
    return line;
  }

  /** CPU of the node process is reported by the script itself (process.cpuUsage), so no probe is needed. */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    try {
      in.write("close");
      in.newLine();
      in.flush();
      in.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
