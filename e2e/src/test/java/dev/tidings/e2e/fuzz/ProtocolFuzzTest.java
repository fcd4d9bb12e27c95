package dev.tidings.e2e.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the WebSocket, SSE, long-poll and publish endpoints of the real host with the real drop-in jar
 * with generated malformed and hostile inputs (see {@link FuzzGenerator}), while a normal client watches
 * alice/demo. Passes when every input got a defined answer (docs/protocol.md, docs/publish-api.md; see
 * {@link AllowList}), the host still answers, the watcher received every event published meanwhile in
 * order without a gap, and the host's heap after a forced GC is back near where it was after a warm-up.
 *
 * <p>Sizes (system properties): {@code tidings.fuzz.inputs} (default 10,000; the documented large run is
 * 1,000,000), {@code tidings.fuzz.seed}, {@code tidings.fuzz.from} (first input number, to replay one),
 * {@code tidings.fuzz.workers} (parallel clients, default 3), {@code tidings.fuzz.maxMinutes} (stop early; the
 * test then fails as incomplete but still reports). A failure prints the seed, the input number
 * and the command that replays exactly that input.
 */
class ProtocolFuzzTest {
  private static final long SEED = Long.getLong("tidings.fuzz.seed", 20261203L);
  private static final long INPUTS = Long.getLong("tidings.fuzz.inputs", 10_000L);
  private static final long FROM = Long.getLong("tidings.fuzz.from", 0L);
  private static final int WORKERS = Integer.getInteger("tidings.fuzz.workers", 3);
  /** Heap growth tolerated after the run: GC noise and caches that fill once, not a per-input leak. */
  private static final long HEAP_SLACK_BYTES = 32L << 20;
  /** Settings for the fuzzed host: the command rate limit is raised so that inputs reach the parser. */
  private static final String SETTINGS = """
      # written by ProtocolFuzzTest
      ws.commandRate=1000000
      ws.commandBurst=1000000
      sse.heartbeat=2s
      """;

  @Test
  void everyHostileInputGetsADefinedAnswerAndTheHostLosesNothing(@TempDir Path temp) throws Exception {
    AllowList allow = AllowList.fromDocs();
    Tally tally = new Tally();
    Map<String, String> published = new ConcurrentHashMap<>();
    try (FuzzHost host = FuzzHost.start(temp, SETTINGS); Observer observer = Observer.connect(host)) {
      FuzzGenerator gen = new FuzzGenerator(SEED, host.port(), host.aliceToken(), host.bobToken());
      log("seed %d, inputs %d..%d, %d workers; accepted: %s", SEED, FROM, FROM + INPUTS - 1, WORKERS, allow);
      boolean measureHeap = INPUTS >= 1000;
      long warm = measureHeap ? Math.min(INPUTS / 10, 20_000) : 0;
      long t0 = System.nanoTime();
      run(gen, allow, host, tally, published, FROM, FROM + warm);
      long heapBefore = measureHeap ? settledHeap() : 0;
      long t1 = System.nanoTime();
      run(gen, allow, host, tally, published, FROM + warm, FROM + INPUTS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double mainSeconds = (System.nanoTime() - t1) / 1e9;

      // The host is whole: it answers, and the watcher got every accepted event, in order, without a gap.
      List<String> finalIds = publishOneToEach(host);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!finalIds.stream().allMatch(observer::has) && System.nanoTime() < deadline && observer.closeCode() < 0) {
        Thread.sleep(20);
      }
      List<String> missing = published.entrySet().stream().filter(e -> Hostile.WATCHED.contains(e.getValue()))
          .map(Map.Entry::getKey).filter(id -> !observer.has(id)).limit(20).toList();
      long accepted = published.values().stream().filter(Hostile.WATCHED::contains).count();
      log("watcher: %d events received, %d accepted by the publish endpoint during the run", observer.events(), accepted);
      assertThat(observer.closeCode()).as("the watcher's connection must stay open (%s)", observer.problems()).isEqualTo(-1);
      assertThat(observer.problems()).as("unexpected messages to the watcher").isEmpty();
      assertThat(finalIds).as("the events published after the run reached the watcher").allMatch(observer::has);
      assertThat(observer.gaps()).as("gaps or reordering seen by the watcher").isEmpty();
      assertThat(missing).as("events accepted with 201 that the watcher never got").isEmpty();

      long heapAfter = 0;
      if (measureHeap) {
        observer.forget();
        published.clear();
        heapAfter = settledHeap();
      }
      String report = String.format("fuzz seed %d: %d inputs in %.1f s (%.0f inputs/s after the warm-up), %d workers%n"
          + "heap after GC: %.1f MiB after the warm-up of %d inputs, %.1f MiB at the end (%+.1f MiB)%n"
          + "events: %d accepted (201) and all received by the watcher%nfailures: %d%n%nanswers by code (inputs):%n%s%n"
          + "answers:%n%s%nby input kind:%n%s",
          SEED, tally.inputs(), seconds, (tally.inputs() - warm) / mainSeconds, WORKERS, heapBefore / 1048576.0, warm,
          heapAfter / 1048576.0, (heapAfter - heapBefore) / 1048576.0, accepted, tally.failureCount(), tally.codes(),
          tally.answers(),
          tally.byKind());
      System.out.println(report);
      Path out = Path.of("target", "fuzz-report-" + SEED + "-" + INPUTS + ".txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, report + "\n" + String.join("\n\n", tally.failures()));

      assertThat(tally.failures()).as("inputs without a defined answer (%d in all); report in %s", tally.failureCount(),
          out.toAbsolutePath()).isEmpty();
      assertThat(tally.inputs()).as("inputs run before the time bound").isEqualTo(INPUTS);
      if (measureHeap) {
        assertThat(heapAfter).as("heap after the run vs after the warm-up (bytes)")
            .isLessThanOrEqualTo(heapBefore + Math.max(HEAP_SLACK_BYTES, heapBefore / 4));
      }
    }
  }

  /** Runs inputs [from, to) on WORKERS parallel clients, each from its own loopback address; bounded in time. */
  private static void run(FuzzGenerator gen, AllowList allow, FuzzHost host, Tally tally, Map<String, String> published,
      long from, long to) throws Exception {
    AtomicLong next = new AtomicLong(from);
    // A bound against hangs (every socket read is bounded too): 20 ms per input is ~10x what this machine
    // needs. When it passes, the workers stop; the checks still run and the test fails as incomplete.
    long bound = Duration.ofSeconds(120).toNanos() + (to - from) * 20_000_000L;
    Long maxMinutes = Long.getLong("tidings.fuzz.maxMinutes");
    if (maxMinutes != null) {
      bound = Math.min(bound, Duration.ofMinutes(maxMinutes).toNanos());
    }
    long deadline = System.nanoTime() + bound;
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      InetAddress local = InetAddress.getByName("127.0.0." + (2 + w));
      Thread t = new Thread(() -> {
        try (FuzzWorker worker = new FuzzWorker(gen, allow, local, host.port(), host.aliceAuth(), tally, SEED, published)) {
          for (long n = next.getAndIncrement(); n < to && tally.failureCount() < 50 && System.nanoTime() < deadline;
              n = next.getAndIncrement()) {
            worker.run(n);
          }
        }
      }, "fuzz-" + w);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    long started = System.nanoTime();
    long lastLog = started;
    for (Thread t : threads) {
      while (t.isAlive()) {
        t.join(1000);
        long now = System.nanoTime();
        if (now - lastLog > Duration.ofSeconds(30).toNanos()) {
          lastLog = now;
          long done = Math.min(next.get(), to) - from;
          log("%d of %d inputs, %.0f/s, %d failures", done, to - from, done / ((now - started) / 1e9), tally.failureCount());
        }
      }
    }
  }

  /** Publishes one valid event to each watched channel (alice's token) and returns the ids. */
  private static List<String> publishOneToEach(FuzzHost host) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> ids = new ArrayList<>();
    for (String channel : Hostile.WATCHED) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(host.baseUrl() + "plugins/tidings/api/publish"))
          .header("Authorization", host.aliceAuth()).header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + channel + "\",\"event\":\"ci.final\",\"data\":{}}"))
          .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      // The fuzz inputs publish as alice too and may have used up her publish budget: a 429 is the
      // documented answer, so wait as it says (bounded) and try again.
      for (int attempt = 0; r.statusCode() == 429 && attempt < 10; attempt++) {
        long wait = r.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(Math.min(5, Math.max(1, wait)) * 1000);
        r = http.send(request, HttpResponse.BodyHandlers.ofString());
      }
      assertThat(r.statusCode()).as("the host still publishes after the run: %s", r.body()).isEqualTo(201);
      ids.add(FuzzHost.JSON.readTree(r.body()).path("id").asText());
    }
    return ids;
  }

  /**
   * Used heap after forced GCs, once the host has let go of what the last inputs held: SSE streams
   * whose client left are noticed at the next heartbeat (2 s here), so wait a few heartbeats first.
   */
  private static long settledHeap() throws InterruptedException {
    Thread.sleep(6000);
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      mem.gc();
      Thread.sleep(200);
      used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static void log(String format, Object... args) {
    System.out.printf("[fuzz] " + format + "%n", args);
    System.out.flush();
  }
}
