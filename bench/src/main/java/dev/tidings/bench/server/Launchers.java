package dev.tidings.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Command lines for the two servers under test, both on this JVM's java with the same heap settings. */
public final class Launchers {

  /**
   * Tidings settings for the benchmark: one user holds all load connections from a few addresses, and the
   * catch-up client is 10,000 events behind, so the per-user/per-IP caps and the replay limit are raised.
   * Queue bounds stay at their defaults (the bare server uses a similar 1,024-message bound).
   */
  /** The metrics token written into the bench settings. */
  public static final String METRICS_TOKEN = "bench-metrics";

  static final String BENCH_SETTINGS = """
      # written by tidings-bench: every client comes from one address and one user, so the
      # per-address, per-user and anonymous abuse limits are lifted; the sizes stay the defaults
      hub.maxConnectionsPerUser=1000000
      hub.maxConnectionsPerIp=1000000
      hub.maxAnonymousConnections=1000000
      hub.replay.maxEvents=20000
      hub.replay.maxBytes=67108864
      hub.replay.maxPerIp=1000000
      publish.userRate=1000000
      publish.userBurst=1000000
      publish.repoRate=1000000
      publish.repoBurst=1000000
      publish.channelBytesPerSecond=1073741824
      publish.channelBytesBurst=1073741824
      metrics.token=bench-metrics
      """;

  private Launchers() {
  }

  private static volatile Path jfrDir;
  private static volatile List<String> extraSettings = List.of();

  /** Extra {@code key=value} lines appended to the plugin's settings of hosts started from now on. */
  public static void tidingsSettings(List<String> lines) {
    for (String line : lines) {
      if (!line.matches("[A-Za-z0-9_.-]+=.*")) {
        throw new IllegalArgumentException("--tidings-setting must be KEY=VALUE: " + line);
      }
    }
    extraSettings = List.copyOf(lines);
  }

  /** Servers started from now on record a JFR profile into {@code dir} (null = no recording). */
  public static void jfr(Path dir) {
    jfrDir = dir;
  }

  static List<String> jvm(String heap, String name) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ServerProcess.java());
    cmd.add("-Xms" + heap);
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseG1GC");
    Path dir = jfrDir;
    if (dir != null) {
      cmd.add("-XX:StartFlightRecording=settings=" + System.getProperty("tidings.bench.jfc", "profile") + ",dumponexit=true,filename="
          + dir.resolve(name + ".jfr").toAbsolutePath());
    }
    return cmd;
  }

  /** The bare broadcast server from this module's classpath (the bench jar, or target/classes in tests). */
  public static ServerProcess bare(String heap, Path logDir) throws IOException, InterruptedException {
    int port = ServerProcess.freePort();
    Files.createDirectories(logDir);
    List<String> cmd = jvm(heap, "bare");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.tidings.bench.bare.BareServerMain");
    cmd.add("--bind");
    cmd.add("127.0.0.1");
    cmd.add("--port");
    cmd.add(Integer.toString(port));
    cmd.add("--history");
    cmd.add("20000");
    return ServerProcess.start("bare", cmd, port, logDir, Duration.ofSeconds(60));
  }

  /**
   * The sample host in demo mode with the plugins in {@code pluginJars} (none = the host alone), on a fresh
   * data folder under {@code workDir}.
   */
  public static ServerProcess host(String name, Path hostJar, List<Path> pluginJars, String heap, Path workDir,
      Path logDir) throws IOException, InterruptedException {
    Path data = Files.createDirectories(workDir.resolve(name + "-data"));
    return node(new Node(name, data, null, true, List.of()), hostJar, pluginJars, heap, workDir, logDir);
  }

  /**
   * How one host node is laid out: its data folder (several nodes may share one), its own plugins' data folder
   * (null: the host's default, {@code <data>/plugins-data}), whether it seeds the demo data (one node of a
   * shared folder does, before the others start), and extra tidings.properties lines (e.g. {@code broker=redis}).
   */
  public record Node(String name, Path data, Path pluginData, boolean demo, List<String> settings) {}

  /** A sample host laid out as {@code node}, with the plugins in {@code pluginJars}. */
  public static ServerProcess node(Node node, Path hostJar, List<Path> pluginJars, String heap, Path workDir,
      Path logDir) throws IOException, InterruptedException {
    String name = node.name();
    int port = ServerProcess.freePort();
    Path data = Files.createDirectories(node.data());
    Path pluginData = node.pluginData() != null ? node.pluginData() : data.resolve("plugins-data");
    Path tidingsData = Files.createDirectories(pluginData.resolve("tidings"));
    List<String> lines = new ArrayList<>(node.settings());
    lines.addAll(extraSettings);
    Files.writeString(tidingsData.resolve("tidings.properties"), BENCH_SETTINGS + String.join("\n", lines) + "\n");
    Path plugins = Files.createDirectories(workDir.resolve(name + "-plugins"));
    for (Path jar : pluginJars) {
      Files.copy(jar, plugins.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Files.createDirectories(logDir);
    List<String> cmd = jvm(heap, name);
    cmd.add("-jar");
    cmd.add(hostJar.toString());
    cmd.add("--port");
    cmd.add(Integer.toString(port));
    cmd.add("--bind");
    cmd.add("127.0.0.1");
    cmd.add("--data");
    cmd.add(data.toString());
    if (node.pluginData() != null) {
      cmd.add("--plugins-data");
      cmd.add(pluginData.toString());
    }
    cmd.add("--plugins");
    cmd.add(plugins.toString());
    if (node.demo()) {
      cmd.add("--demo");
    }
    // The notify scenario creates thousands of users (two password hashes each) as set-up; keep
    // the pre-2026-12 cost so set-up time stays comparable. No measured path hashes passwords.
    cmd.add("--password-iterations");
    cmd.add("120000");
    return ServerProcess.start(name, cmd, port, logDir, Duration.ofSeconds(120));
  }
}
