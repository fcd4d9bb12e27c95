package dev.tidings.bench.client;

import dev.tidings.bench.stats.Clock;
import dev.tidings.bench.stats.Histogram;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Publishes events through the HTTP publish API ({"channel","event","data"}), stamping each with the
 * send time in data.bt (epoch microseconds), at a fixed rate or as fast as the server accepts.
 */
public final class Publisher implements AutoCloseable {

  /** Outcome of one publishing run. */
  public record Outcome(long sent, long accepted, long rejected, long failed, double seconds, String firstError) {
    public double acceptedPerSecond() {
      return seconds <= 0 ? 0 : accepted / seconds;
    }
  }

  private final HttpClient http = new HttpClient();
  private final Target target;
  private final String pad;
  private final AtomicLong seq = new AtomicLong();
  private final Object answerLock = new Object();
  private Histogram answerTimes = new Histogram();

  public Publisher(Target target, int padChars) throws Exception {
    this.target = target;
    this.pad = "x".repeat(Math.max(0, padChars));
    http.setMaxConnectionsPerDestination(64);
    http.setMaxRequestsQueuedPerDestination(100_000);
    http.start();
  }

  /** Publishes {@code count} events at {@code perSecond}; 0 = as fast as accepted with {@code inFlight} outstanding. */
  public Outcome run(String channel, long count, double perSecond, int inFlight, long timeoutMillis)
      throws InterruptedException {
    Semaphore window = new Semaphore(inFlight);
    AtomicLong accepted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong firstErrorSet = new AtomicLong();
    String[] firstError = new String[1];
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    long periodNanos = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
    long sent = 0;
    for (long i = 0; i < count && System.nanoTime() < deadline; i++) {
      if (periodNanos > 0) {
        long due = start + i * periodNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      if (!window.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        break;
      }
      sent++;
      long sentAt = System.nanoTime();
      request(channel).send(result -> {
        if (result.isSucceeded()) {
          long micros = (System.nanoTime() - sentAt) / 1000;
          synchronized (answerLock) {
            answerTimes.record(micros);
          }
        }
        if (result.isSucceeded() && result.getResponse().getStatus() / 100 == 2) {
          accepted.incrementAndGet();
        } else {
          if (result.isSucceeded()) {
            rejected.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
          if (firstErrorSet.compareAndSet(0, 1)) {
            firstError[0] = result.isSucceeded() ? "HTTP " + result.getResponse().getStatus()
                : String.valueOf(result.getFailure());
          }
        }
        // Released last: the final wait for all permits then sees every count.
        window.release();
      });
    }
    // Wait for every answer (bounded by the deadline plus a grace period).
    window.tryAcquire(inFlight, Math.max(1, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(10),
        TimeUnit.NANOSECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Outcome(sent, accepted.get(), rejected.get(), failed.get(), seconds, firstError[0]);
  }

  /** Request-to-answer times (microseconds) of the publishes answered since the last call; clears them. */
  public Histogram drainAnswerTimes() {
    synchronized (answerLock) {
      Histogram h = answerTimes;
      answerTimes = new Histogram();
      return h;
    }
  }

  /** Publishes one event and waits for the answer; returns the HTTP status. */
  public int publishOne(String channel) throws Exception {
    return request(channel).timeout(30, TimeUnit.SECONDS).send().getStatus();
  }

  private Request request(String channel) {
    long n = seq.incrementAndGet();
    String body = "{\"channel\":\"" + channel + "\",\"event\":\"custom.bench\",\"data\":{\"bt\":" + Clock.micros()
        + ",\"seq\":" + n + ",\"pad\":\"" + pad + "\"}}";
    Request r = http.newRequest(target.publishUri()).method(HttpMethod.POST)
        .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8));
    for (Map.Entry<String, String> h : target.publishHeaders().entrySet()) {
      r.headers(m -> m.put(h.getKey(), h.getValue()));
    }
    return r;
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      // stopping a client at the end of a scenario; nothing to recover
    }
  }
}
