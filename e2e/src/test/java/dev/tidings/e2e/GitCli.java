package dev.tidings.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command line with an isolated HOME, no system config and no prompts (the
 * same approach as the host's own tests), plus a work tree helper to commit and push.
 */
final class GitCli {
  private static final long TIMEOUT_SECONDS = 120;
  private final Path home;

  /** A runner whose HOME is {@code home} (created empty, so the user's git config never applies). */
  GitCli(Path home) {
    this.home = home;
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code git args} in {@code dir} and returns its output; fails the test with the output on a non-zero exit. */
  String ok(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Alice Liddell", "-c",
        "user.email=alice@example.com", "-c", "credential.helper=", "-c", "init.defaultBranch=main",
        "-c", "protocol.version=2"));
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(home, "git", ".out");
      try {
        // Output goes to a file, so a hanging git cannot block us on a full pipe and the timeout holds.
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", "");
        env.put("SSH_ASKPASS", "");
        env.remove("GIT_DIR");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("git timed out: " + String.join(" ", args));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new AssertionError("git " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n" + text);
        }
        return text.trim();
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Clones {@code url} into {@code dir} and returns a work tree on it. */
  WorkTree cloneTo(String url, Path dir) {
    ok(dir.getParent(), "clone", "-q", url, dir.toString());
    return new WorkTree(this, dir);
  }

  /** Whether a git executable is on the PATH. */
  static boolean available() {
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

  /** A cloned work tree: commit a change, push, read ids. */
  record WorkTree(GitCli git, Path dir) {
    /** Appends a line to {@code notes.txt}, commits it with {@code message} and returns the new commit id. */
    String commit(String message) {
      try {
        Files.writeString(dir.resolve("notes.txt"), message + " " + System.nanoTime() + "\n",
            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      git.ok(dir, "add", "notes.txt");
      git.ok(dir, "commit", "-q", "-m", message);
      return head();
    }

    /** The commit id of HEAD. */
    String head() {
      return git.ok(dir, "rev-parse", "HEAD");
    }

    /** {@code git push <remote> <refspecs...>}. */
    void push(String remote, String... refspecs) {
      List<String> args = new ArrayList<>(List.of("push", "-q", remote));
      args.addAll(List.of(refspecs));
      git.ok(dir, args.toArray(String[]::new));
    }

    /** Runs any git command in this work tree. */
    String run(String... args) {
      return git.ok(dir, args);
    }
  }
}
