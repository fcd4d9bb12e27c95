package dev.tidings.bench.server;

import dev.tidings.bench.stats.ProcessProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test running in its own JVM (so its CPU, RSS and heap are its own): started with a
 * command line, ready when its port accepts connections, stopped (and killed if need be) on close.
 */
public final class ServerProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code command} (which must listen on {@code port}) and waits until the port accepts. */
  public static ServerProcess start(String name, List<String> command, int port, Path logDir, Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    ServerProcess sp = new ServerProcess(name, p, port, log);
    // A dying benchmark must not leave servers behind.
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException(name + " exited with " + p.exitValue() + "; see " + log + ":\n" + tail(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return sp;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    sp.close();
    throw new IOException(name + " did not listen on " + port + " within " + timeout + "; see " + log);
  }

  /** A port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** The java binary of this JVM, so both servers run on the same runtime as the bench. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long cpuMicros() {
    return ProcessProbe.cpuMicros(pid());
  }

  /** Open file descriptors of the server, sockets included (settles once closes are processed). */
  public long openFiles() {
    return ProcessProbe.openFiles(pid());
  }

  public long rssKiB() {
    return ProcessProbe.rssKiB(pid());
  }

  public long liveHeapKiB() {
    return ProcessProbe.liveHeapKiB(pid());
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
