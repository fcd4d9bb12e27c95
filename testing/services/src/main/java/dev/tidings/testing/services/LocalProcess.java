package dev.tidings.testing.services;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Process helpers shared by the service fixtures: finding binaries, free ports, running as a user. */
final class LocalProcess {

  private LocalProcess() {}

  /** The first executable named {@code name} on PATH or in {@code extraDirs}. */
  static Optional<Path> find(String name, List<Path> extraDirs) {
    List<Path> dirs = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isBlank()) {
        dirs.add(Path.of(d));
      }
    }
    dirs.addAll(extraDirs);
    return dirs.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
  }

  /** A loopback port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Whether this JVM runs as root (then database servers must run as another user). */
  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs a command to completion; fails with its output when it exits non-zero or takes too long. */
  static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out;
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException("Timed out after " + timeout + ": " + String.join(" ", command));
    }
    out = p.getInputStream().readAllBytes();
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("Exit " + p.exitValue() + " from " + String.join(" ", command) + ":\n" + text);
    }
    return text;
  }

  /** Waits until something accepts TCP connections on 127.0.0.1:{@code port}. */
  static void awaitPort(int port, Duration timeout, Process owner) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (owner != null && !owner.isAlive()) {
        throw new IOException("The process exited with " + owner.exitValue() + " before listening on " + port);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new IOException("Nothing listened on 127.0.0.1:" + port + " within " + timeout);
  }
}
