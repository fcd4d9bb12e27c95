package dev.tidings.testing.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command line in one working directory, as the host's tests, the end-to-end
 * tests and the benchmark run it: real git rather than JGit, because it is the client people use, so
 * what it sends over smart HTTP is what the host must handle.
 *
 * <p>Every command is non-interactive and reproducible: no prompts (a wrong password fails instead of
 * hanging), no system config and no credential helper (credentials come only from the URL or
 * {@link #withAuthorization}), a fixed committer identity, and a timeout. {@link #withHome} also hides
 * the user's own git config. Instances are immutable: each {@code with...} and {@link #in} returns a copy.
 */
public final class GitCli {
  /** How long one git command may run unless {@link #withTimeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  /** The file {@link #commit} appends to. */
  public static final String NOTES_FILE = "notes.txt";

  private final Path dir;
  private final Path home;
  private final String name;
  private final String email;
  private final String authorization;
  private final Duration timeout;

  /** What one git command did. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Whether git exited with 0. */
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** A runner in {@code dir} with the caller's HOME, committing as "Test Runner", with the default timeout. */
  public GitCli(Path dir) {
    this(dir, null, "Test Runner", "test@example.com", null, DEFAULT_TIMEOUT);
  }

  private GitCli(Path dir, Path home, String name, String email, String authorization, Duration timeout) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.home = home;
    this.name = name;
    this.email = email;
    this.authorization = authorization;
    this.timeout = timeout;
  }

  /** The working directory the commands run in. */
  public Path dir() {
    return dir;
  }

  /** The same runner in another working directory. */
  public GitCli in(Path otherDir) {
    return new GitCli(otherDir, home, name, email, authorization, timeout);
  }

  /** Uses {@code newHome} (created if absent) as HOME, so the user's ~/.gitconfig and ~/.netrc never apply. */
  public GitCli withHome(Path newHome) {
    try {
      Files.createDirectories(newHome);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new GitCli(dir, newHome, name, email, authorization, timeout);
  }

  /** Commits as {@code userName <userEmail>}. */
  public GitCli withIdentity(String userName, String userEmail) {
    return new GitCli(dir, home, userName, userEmail, authorization, timeout);
  }

  /** Sends {@code Authorization: value} with every HTTP request (http.extraHeader), e.g. a token. */
  public GitCli withAuthorization(String value) {
    return new GitCli(dir, home, name, email, value, timeout);
  }

  /** Fails any one command that runs longer than {@code limit}. */
  public GitCli withTimeout(Duration limit) {
    return new GitCli(dir, home, name, email, authorization, limit);
  }

  /**
   * Runs {@code git args} here and returns what it did, whatever its exit code.
   *
   * @throws IllegalStateException if git runs past the timeout (it is killed) or the thread is interrupted
   */
  public Result run(String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=" + name, "-c", "user.email=" + email,
        "-c", "credential.helper=", "-c", "init.defaultBranch=main", "-c", "protocol.version=2"));
    if (authorization != null) {
      cmd.addAll(List.of("-c", "http.extraHeader=Authorization: " + authorization));
    }
    cmd.addAll(List.of(args));
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("git-", ".out");
      err = Files.createTempFile("git-", ".err");
      // Files, not pipes: a git that hangs cannot block a reader, so the timeout always holds.
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      isolate(pb.environment());
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "git " + String.join(" ", args) + " timed out after " + timeout.toSeconds() + " s in " + dir);
      }
      return new Result(p.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running git " + String.join(" ", args), e);
    } finally {
      delete(out);
      delete(err);
    }
  }

  /**
   * Runs {@code git args} here and returns its stdout, trimmed.
   *
   * @throws IllegalStateException with git's stderr and stdout if it exits non-zero
   */
  public String check(String... args) {
    Result r = run(args);
    if (!r.ok()) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed (exit " + r.exitCode() + ") in "
          + dir + ":\n" + r.stderr() + r.stdout());
    }
    return r.stdout().trim();
  }

  /** Clones {@code url} into this directory (absent or empty) and returns this runner. */
  public GitCli cloneFrom(String url) {
    Path target = dir.toAbsolutePath();
    in(target.getParent()).check("clone", "-q", url, target.toString());
    return this;
  }

  /**
   * Like {@link #cloneFrom(String)}, but first waits up to {@code awaitBranch} for {@code url} to
   * advertise a branch: a host that has just started may still be creating the repository.
   */
  public GitCli cloneFrom(String url, Duration awaitBranch) {
    GitCli outside = in(dir.toAbsolutePath().getParent());
    long deadline = System.nanoTime() + awaitBranch.toNanos();
    while (System.nanoTime() - deadline < 0) {
      Result r = outside.run("ls-remote", url);
      if (r.ok() && r.stdout().contains("refs/heads/")) {
        break;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + url, e);
      }
    }
    return cloneFrom(url);
  }

  /**
   * Appends a unique line to {@link #NOTES_FILE}, commits it with {@code message} and returns the new
   * commit id: each call is a real change, so every push carries a new commit.
   */
  public String commit(String message) {
    try {
      Files.writeString(dir.resolve(NOTES_FILE), message + " " + System.nanoTime() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    check("add", NOTES_FILE);
    check("commit", "-q", "-m", message);
    return head();
  }

  /** {@code git push -q <remote> <refspecs...>}; the remote is a name such as origin or a URL. */
  public void push(String remote, String... refspecs) {
    List<String> args = new ArrayList<>(List.of("push", "-q", remote));
    args.addAll(List.of(refspecs));
    check(args.toArray(String[]::new));
  }

  /** The commit id of HEAD. */
  public String head() {
    return check("rev-parse", "HEAD");
  }

  /** Whether a git executable is on the PATH (callers skip rather than fail without one). */
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

  private void isolate(Map<String, String> env) {
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_ASKPASS", "");
    env.put("SSH_ASKPASS", "");
    // Set when the caller itself runs under git (a hook, say); they would point us at its repository.
    env.remove("GIT_DIR");
    env.remove("GIT_WORK_TREE");
    env.remove("GIT_INDEX_FILE");
    if (home != null) {
      env.put("HOME", home.toString());
      env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
      env.remove("GIT_CONFIG_GLOBAL");
    }
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static void delete(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover temp file is harmless; the command's outcome matters more.
    }
  }
}
