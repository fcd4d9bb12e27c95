package dev.tidings.e2e;

import static dev.tidings.testing.support.Requirements.require;

import dev.tidings.testing.support.BasicAuth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample host as a SEPARATE JVM ({@code java -jar sample-host.jar}, as {@code run-demo} starts
 * it) with the drop-in jar in its plugins folder, laid out like {@link E2eHost}: {@code root/data}
 * and {@code root/plugins}. Unlike {@link E2eHost} it can be killed with SIGKILL (kill -9), which
 * no in-process host can simulate. Each start writes its output to {@code root/host-N.log}.
 */
final class HostProcess implements AutoCloseable {
  /** The host's runnable jar (see {@link Artifacts}). */
  static final Path HOST_JAR = Artifacts.HOST_JAR;
  private static final Pattern READY = Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+/)");

  private final Path root;
  private final Path dataDir;
  private final Path pluginsDir;
  private Process process;
  private String baseUrl;
  private int starts;

  private HostProcess(Path root) throws IOException {
    this.root = root;
    this.dataDir = root.resolve("data");
    this.pluginsDir = Files.createDirectories(root.resolve("plugins"));
    Files.copy(E2eHost.PLUGIN_JAR, pluginsDir.resolve("tidings-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Installs the drop-in jar under {@code root} and starts the demo host there (not yet running: call {@link #start}). */
  static HostProcess in(Path root) throws IOException {
    E2eHost.assumePluginJar();
    require(Files.isRegularFile(HOST_JAR), "\n\n*** SKIPPING: " + HOST_JAR.toAbsolutePath().normalize()
        + " is missing (build the reactor with -am) ***\n");
    return new HostProcess(root);
  }

  /** Starts a host JVM on the data folder and waits until it serves (a new free port each time). */
  HostProcess start() throws Exception {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running");
    }
    starts++;
    Path logFile = root.resolve("host-" + starts + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-jar", HOST_JAR.toAbsolutePath().toString(),
        "--port", "0", "--bind", "127.0.0.1", "--data", dataDir.toAbsolutePath().toString(),
        "--plugins", pluginsDir.toAbsolutePath().toString(), "--demo"));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      Matcher m = READY.matcher(Files.readString(logFile, StandardCharsets.UTF_8));
      if (m.find()) {
        baseUrl = m.group(1);
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError("host exited with " + process.exitValue() + ":\n" + tail(logFile));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("host not ready in 90 s:\n" + tail(logFile));
  }

  /** SIGKILL: no shutdown hook, no plugin stop, nothing flushed. Waits until the process is gone. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("host did not die");
    }
  }

  /** SIGTERM: the host's shutdown hook stops the plugins. Waits until the process is gone. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("host did not stop within 60 s of SIGTERM");
      }
    }
  }

  /** The OS process id of the running host. */
  long pid() {
    return process.pid();
  }

  Path dataDir() {
    return dataDir;
  }

  /** {@code data/host.db}. */
  Path hostDb() {
    return dataDir.resolve("host.db");
  }

  /** The plugin's SQLite file. */
  Path pluginDb() {
    return dataDir.resolve("plugins-data").resolve("tidings").resolve("tidings.db");
  }

  String baseUrl() {
    return baseUrl;
  }

  URI uri(String path) {
    return URI.create(baseUrl + (path.startsWith("/") ? path.substring(1) : path));
  }

  /** A git remote URL for {@code repo} with {@code user}'s password in it (test only). */
  String gitUrl(String user, String password, String repo) {
    return baseUrl.replaceFirst("://", "://" + user + ":" + password + "@") + repo + ".git";
  }

  /** GET {@code path} with an {@code Authorization} header value (or none). */
  Rest.Answer get(String path, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return Rest.send(b.build());
  }

  /** The value of the Prometheus counter {@code name} (summed over its series), as a site admin sees it. */
  long counter(String name) {
    Rest.Answer a = get("plugins/tidings/metrics", BasicAuth.basic("alice", "tidings-alice"));
    if (a.status() != 200) {
      throw new AssertionError("metrics: " + a);
    }
    double sum = 0;
    for (String line : a.body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) sum;
  }

  private static String tail(Path log) throws IOException {
    String s = Files.readString(log, StandardCharsets.UTF_8);
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
