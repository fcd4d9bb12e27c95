package dev.tidings.e2e;

import static dev.tidings.testing.support.Requirements.require;

import dev.tidings.testing.support.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar tidings-cli.jar ...} as a real process, with its own HOME (no user config) and
 * the given environment; stdout and stderr go to files the test reads while it runs.
 */
final class CliProcess implements AutoCloseable {

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private CliProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts the CLI in {@code dir} with {@code env} added (e.g. TIDINGS_TOKEN) and {@code args}. */
  static CliProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    require(Files.isRegularFile(Artifacts.CLI_JAR), "\n\n*** SKIPPING: " + Artifacts.CLI_JAR.toAbsolutePath().normalize()
        + " is missing (build the reactor with -am) ***\n");
    Files.createDirectories(dir);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m",
        // The JVM's own warnings (e.g. a locked hsperfdata file when PIDs are reused) go to stdout
        // by default, into the middle of --json output: send them to stderr, and make no such file.
        "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr", "-jar", Artifacts.CLI_JAR.toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("TIDINGS_TOKEN");
    pb.environment().remove("TIDINGS_URL");
    pb.environment().remove("TIDINGS_CONFIG");
    pb.environment().remove("XDG_CONFIG_HOME");
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("TZ", "UTC");
    pb.environment().putAll(env);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    // -Duser.home as well: Java takes the home from the password database, not from HOME.
    cmd.add(3, "-Duser.home=" + dir);
    pb.command(cmd);
    return new CliProcess(pb.start(), out, err);
  }

  /** The complete lines on stdout (a line the CLI is still writing is left out). */
  List<String> stdoutLines() throws IOException {
    return completeLines(Files.readString(stdout, StandardCharsets.UTF_8)).lines().toList();
  }

  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /**
   * Waits until a complete line of stderr contains {@code text}: the file is read while the CLI
   * writes, so a line can be seen half written (its offset cut off after "from offset ").
   */
  void awaitStderr(String text) {
    Await.isTrue("the CLI to say '" + text + "'", Duration.ofSeconds(60), () -> {
      try {
        return completeLines(stderr()).contains(text);
      } catch (IOException e) {
        return false;
      }
    });
  }

  /** Waits until stdout has at least {@code n} lines. */
  void awaitLines(int n) {
    Await.isTrue(n + " lines on the CLI's stdout", Duration.ofSeconds(60), () -> {
      try {
        return stdoutLines().size() >= n;
      } catch (IOException e) {
        return false;
      }
    });
  }

  private static String completeLines(String text) {
    return text.substring(0, text.lastIndexOf('\n') + 1);
  }

  /** The exit code, waiting up to {@code seconds}. */
  int exitCode(int seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("the CLI did not exit within " + seconds + " s; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  /** Sends SIGTERM (what Ctrl-C's SIGINT does to a JVM: the shutdown hooks run). */
  void interrupt() {
    process.destroy();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
