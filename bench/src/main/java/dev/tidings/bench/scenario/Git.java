package dev.tidings.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real git CLI in one working copy, authenticating over HTTP with an extra header. */
final class Git {

  private final Path dir;
  private final String authorization;

  Git(Path dir, String authorization) {
    this.dir = dir;
    this.authorization = authorization;
  }

  /** Runs git with the arguments; throws with git's output when it fails. */
  String run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.add("-c");
    cmd.add("http.extraHeader=Authorization: " + authorization);
    cmd.add("-c");
    cmd.add("user.name=Bench");
    cmd.add("-c");
    cmd.add("user.email=bench@example.com");
    cmd.add("-c");
    cmd.add("init.defaultBranch=main");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_ASKPASS", "true");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("git " + String.join(" ", args) + " timed out");
    }
    if (p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + out);
    }
    return out;
  }

  /** Clones {@code url} into this directory (which must be empty or absent). */
  void cloneFrom(String url) throws IOException, InterruptedException {
    // The demo data (the repository's first commit) may land just after the host starts listening.
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        if (run("ls-remote", url).contains("refs/heads/")) {
          break;
        }
      } catch (IOException notYet) {
        // the repository itself may not exist yet
      }
      Thread.sleep(200);
    }
    run("clone", "-q", url, ".");
  }
}
