package dev.tidings.testing.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster (Debian's {@code postgresql} package) on a free loopback port.
 * initdb refuses to run as root, and CI runs as root: there the server runs as the {@code postgres}
 * user through {@code setpriv}, which replaces itself with the server, so the Java process handle
 * is the postmaster and {@link #kill()} is a real crash. Durability settings are the defaults
 * except {@code fsync=off}: tests kill the server, not the machine.
 */
public final class PostgresServer implements AutoCloseable {

  /** The database and user every test connects as (trust authentication on loopback). */
  public static final String DATABASE = "tidings";
  public static final String USER = "tidings";

  private final Path bin;
  private final Path root;
  private final int port;
  private Process process;

  private PostgresServer(Path bin, Path root, int port) {
    this.bin = bin;
    this.root = root;
    this.port = port;
  }

  /** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin), if any. */
  public static Optional<Path> binaries() {
    Path base = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(base)) {
      try (Stream<Path> versions = Files.list(base)) {
        Optional<Path> newest = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparingInt(b -> versionOf(b.getParent())));
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return LocalProcess.find("initdb", List.of()).map(Path::getParent);
  }

  private static int versionOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Creates a new cluster with the {@link #DATABASE} database and starts it. */
  public static PostgresServer launch() throws IOException, InterruptedException {
    Path bin = binaries().orElseThrow(() -> new IOException(
        "PostgreSQL is not installed (Debian: apt-get install -y postgresql)"));
    // Not under a JUnit temp dir: those are 0700 root folders the postgres user cannot enter.
    Path root = Files.createTempDirectory("tidings-pg", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    PostgresServer server = new PostgresServer(bin, root, LocalProcess.freePort());
    server.init();
    server.start();
    return server;
  }

  private void init() throws IOException, InterruptedException {
    Files.createDirectories(root.resolve("socket"));
    if (LocalProcess.isRoot()) {
      LocalProcess.run(List.of("chown", "-R", "postgres:postgres", root.toString()), Duration.ofSeconds(10));
    }
    LocalProcess.run(asServerUser(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", USER,
        "-A", "trust", "-E", "UTF8", "--no-sync"), Duration.ofSeconds(60));
  }

  /** Starts (or restarts after {@link #kill()}) the server on the same port and data. */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    process = new ProcessBuilder(asServerUser(bin.resolve("postgres").toString(), "-D", data().toString(),
        "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", root.resolve("socket").toString(),
        "-c", "fsync=off", "-c", "max_connections=200"))
        .redirectErrorStream(true)
        .redirectOutput(root.resolve("server.log").toFile())
        .start();
    LocalProcess.awaitPort(port, Duration.ofSeconds(60), process);
    awaitReady();
    createDatabaseOnce();
  }

  /** After a crash the server listens while it replays its WAL; it answers logins only after that. */
  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        LocalProcess.run(List.of(bin.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p",
            Integer.toString(port), "-U", USER, "-d", "postgres"), Duration.ofSeconds(10));
        return;
      } catch (IOException notReady) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IOException("PostgreSQL on " + port + " did not become ready: " + notReady.getMessage());
        }
        Thread.sleep(50);
      }
    }
  }

  private void createDatabaseOnce() throws IOException, InterruptedException {
    Path marker = root.resolve("socket").resolve(".created");
    if (Files.exists(marker)) {
      return;
    }
    LocalProcess.run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-U", USER, DATABASE), Duration.ofSeconds(30));
    Files.createFile(marker);
  }

  /** Kills the postmaster with SIGKILL, as a crash would; {@link #start()} recovers from the WAL. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
      // Orphaned backends hold the port and the shared memory until they notice; end them too.
      try {
        LocalProcess.run(List.of("pkill", "-9", "-f", "postgres.*" + data()), Duration.ofSeconds(10));
      } catch (IOException nothingLeft) {
        // pkill exits 1 when no process matched.
      }
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:port/tidings}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  public int port() {
    return port;
  }

  /** Runs one SQL statement through psql and returns its unaligned output (for checks). */
  public String psql(String sql) throws IOException, InterruptedException {
    return LocalProcess.run(List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-U", USER, "-d", DATABASE, "-At", "-c", sql), Duration.ofSeconds(30)).trim();
  }

  private Path data() {
    return root.resolve("data");
  }

  private List<String> asServerUser(String... command) {
    List<String> full = new ArrayList<>();
    if (LocalProcess.isRoot()) {
      full.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    kill();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
