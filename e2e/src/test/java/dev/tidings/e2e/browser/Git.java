package dev.tidings.e2e.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real git command line against the host's smart HTTP. */
final class Git {

  private final Path dir;

  private Git(Path dir) {
    this.dir = dir;
  }

  /** Clones {@code url} (credentials in the URL, test only) into {@code dir}. */
  static Git cloneFrom(String url, Path dir) throws Exception {
    run(dir.getParent(), "git", "clone", "-q", url, dir.getFileName().toString());
    Git g = new Git(dir);
    g.git("config", "user.name", "Alice Tester");
    g.git("config", "user.email", "alice@example.test");
    return g;
  }

  /** Commits a change with {@code message} and returns the new commit id. */
  String commit(String message) throws Exception {
    Path f = dir.resolve("notes.txt");
    Files.writeString(f, message + "\n" + System.nanoTime() + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    git("add", "notes.txt");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD").trim();
  }

  /** Pushes {@code refspec} to origin. */
  void push(String refspec) throws Exception {
    git("push", "-q", "origin", refspec);
  }

  String git(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    return run(dir, cmd.toArray(String[]::new));
  }

  private static String run(Path cwd, String... cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile("git", ".out");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile());
      pb.environment().put("GIT_TERMINAL_PROMPT", "0");
      pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", cmd));
      }
      String text = Files.readString(out);
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n" + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
