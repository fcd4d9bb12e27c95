package dev.tidings.testing.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A throw-away {@code redis-server} (Debian's package, 6.2 or newer for Streams) on a free loopback
 * port, with its data in a temporary folder. It runs with {@code appendfsync always}, the setting
 * Tidings documents as required for no loss of acknowledged events, so a {@link #kill()} followed by
 * {@link #start()} behaves like a crash and restart of a production Redis.
 */
public final class RedisServer implements AutoCloseable {

  private final Path binary;
  private final Path dir;
  private final int port;
  private Process process;

  private RedisServer(Path binary, Path dir, int port) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  /** The machine's redis-server, if installed. */
  public static Optional<Path> binary() {
    return LocalProcess.find("redis-server", List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin")));
  }

  /** Starts a new server with an empty data folder; fails when redis-server is not installed. */
  public static RedisServer launch(Path parent) throws IOException, InterruptedException {
    Path bin = binary().orElseThrow(() -> new IOException(
        "redis-server is not installed (Debian: apt-get install -y redis-server)"));
    RedisServer server = new RedisServer(bin, Files.createTempDirectory(parent, "redis"), LocalProcess.freePort());
    server.start();
    return server;
  }

  /** Starts (or restarts) the server on the same port and data folder. */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    process = new ProcessBuilder(binary.toString(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
        "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no",
        "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile())
        .start();
    LocalProcess.awaitPort(port, Duration.ofSeconds(20), process);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!"+PONG".equals(command("PING"))) {
      if (System.nanoTime() > deadline) {
        throw new IOException("redis-server on " + port + " did not answer PING (still loading?)");
      }
      Thread.sleep(20);
    }
  }

  /** Kills the server as a crash would (SIGKILL); {@link #start()} brings it back with its data. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** {@code redis://127.0.0.1:port}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The running server's process id (the benchmark measures its CPU); -1 when it is not running. */
  public synchronized long pid() {
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  /** Sends one inline command and returns the first reply line (for checks, not for data). */
  public String command(String inline) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
