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
 * and {@code root/plugins}, or as one {@link #node} of several sharing a data folder. Unlike {@link E2eHost} it can be killed with SIGKILL (kill -9), which
 * no in-process host can simulate. Each start writes its output to {@code root/host-N.log}.
 */
final class HostProcess implements AutoCloseable {
  /** The host's runnable jar (see {@link Artifacts}). */
  static final Path HOST_JAR = Artifacts.HOST_JAR;
  private static final Pattern READY = Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+/)");

  private final Path root;
  private final Path dataDir;
  private final Path pluginDataDir;
  private final Path pluginsDir;
  private final boolean demo;
  private final List<String> extraArgs;
  private Process process;
  private String baseUrl;
  private int starts;

  private HostProcess(Path root, Path dataDir, Path pluginDataDir, boolean demo, List<String> extraArgs)
      throws IOException {
    this.root = Files.createDirectories(root);
    this.dataDir = dataDir;
    this.pluginDataDir = pluginDataDir;
    this.demo = demo;
    this.extraArgs = List.copyOf(extraArgs);
    this.pluginsDir = Files.createDirectories(root.resolve("plugins"));
    Files.copy(E2eHost.PLUGIN_JAR, pluginsDir.resolve("tidings-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Installs the drop-in jar under {@code root} and starts the demo host there (not yet running: call {@link #start}). */
  static HostProcess in(Path root) throws IOException {
    assumeJars();
    return new HostProcess(root, root.resolve("data"), null, true, List.of("-Xmx1g"));
  }

  /**
   * One node of several that share {@code sharedData} (host.db, repositories), with its own plugin
   * data folder ({@code --plugins-data}) and its plugins folder and logs under {@code root}. Only
   * the node with {@code demo} creates the demo data. {@code args} are JVM options (starting with
   * {@code -X} or {@code -D}) and host options, e.g. {@code --password-iterations 10000}.
   */
  static HostProcess node(Path root, Path sharedData, Path pluginData, boolean demo, List<String> args)
      throws IOException {
    assumeJars();
    return new HostProcess(root, sharedData, pluginData, demo, args);
  }

  private static void assumeJars() {
    E2eHost.assumePluginJar();
    require(Files.isRegularFile(HOST_JAR), "\n\n*** SKIPPING: " + HOST_JAR.toAbsolutePath().normalize()
        + " is missing (build the reactor with -am) ***\n");
  }

  /** Starts a host JVM on the data folder and waits until it serves (a new free port each time). */
  HostProcess start() throws Exception {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running");
    }
    starts++;
    Path logFile = root.resolve("host-" + starts + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java));
    extraArgs.stream().filter(HostProcess::isJvmOption).forEach(cmd::add);
    cmd.addAll(List.of("-jar", HOST_JAR.toAbsolutePath().toString(),
        "--port", "0", "--bind", "127.0.0.1", "--data", dataDir.toAbsolutePath().toString(),
        "--plugins", pluginsDir.toAbsolutePath().toString()));
    if (pluginDataDir != null) {
      cmd.addAll(List.of("--plugins-data", pluginDataDir.toAbsolutePath().toString()));
    }
    if (demo) {
      cmd.add("--demo");
    }
    extraArgs.stream().filter(a -> !isJvmOption(a)).forEach(cmd::add);
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

  private static boolean isJvmOption(String arg) {
    return arg.startsWith("-X") || arg.startsWith("-D");
  }

  /** Whether the host JVM runs (it may have been killed or have died). */
  boolean alive() {
    return process != null && process.isAlive();
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
    return pluginDataDir().resolve("tidings").resolve("tidings.db");
  }

  /** The plugins' data folder: {@code --plugins-data}, or {@code data/plugins-data}. */
  Path pluginDataDir() {
    return pluginDataDir != null ? pluginDataDir : dataDir.resolve("plugins-data");
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

  /** The WebSocket endpoint {@code ws://127.0.0.1:PORT/plugins/tidings/ws}. */
  URI wsUri() {
    return URI.create(baseUrl.replaceFirst("^http", "ws") + "plugins/tidings/ws");
  }

  /** The Server-Sent Events endpoint. */
  URI sseUri() {
    return uri("plugins/tidings/events");
  }

  /** GET {@code path} with an {@code Authorization} header value (or none). */
  Rest.Answer get(String path, String authorization) {
    return send("GET", path, null, authorization);
  }

  /** {@code method path} with an optional JSON body and {@code Authorization} header value (or none). */
  Rest.Answer send(String method, String path, String jsonBody, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    if (jsonBody != null) {
      b.header("Content-Type", "application/json");
    }
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

  /** The last 4,000 characters of the current run's output, for failure messages. */
  String logTail() throws IOException {
    return tail(root.resolve("host-" + starts + ".log"));
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
