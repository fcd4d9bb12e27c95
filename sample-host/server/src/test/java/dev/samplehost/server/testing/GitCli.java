package dev.samplehost.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code git} command line with an isolated HOME and no prompts (never the user's config). */
public final class GitCli {
  private final Path home;

  /** The result of one git command. */
  public record Result(int exitCode, String output) {
    /** Whether git succeeded. */
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** A runner whose HOME is {@code home} (created empty). */
  public GitCli(Path home) {
    this.home = home;
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code git args} in {@code dir}; output is stdout and stderr together. */
  public Result run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test Runner", "-c", "user.email=test@example.com",
        "-c", "credential.helper=", "-c", "init.defaultBranch=main", "-c", "protocol.version=2"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_ASKPASS", "");
    env.put("SSH_ASKPASS", "");
    env.remove("GIT_DIR");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("git timed out: " + cmd);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs git and fails with its output unless it succeeds. */
  public String ok(Path dir, String... args) {
    Result r = run(dir, args);
    if (!r.ok()) {
      throw new AssertionError("git " + String.join(" ", args) + " failed (" + r.exitCode() + "):\n" + r.output());
    }
    return r.output().trim();
  }

  /** Whether a git executable is on the PATH. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
