package dev.tidings.plugin.lifecycle;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's one executor policy. Every background thread is a named daemon
 * ({@code tidings-<role>}) so it never holds the host's JVM open and shows up by name in a thread
 * dump; a task that throws is logged, never lost silently; and every executor is stopped the same
 * way: no new work, a bounded wait for the queue, then interrupt.
 */
public final class Workers {

  private static final Logger log = LoggerFactory.getLogger(Workers.class);

  private Workers() {}

  /** One thread running tasks in submission order (unbounded queue: callers bound their own input). */
  public static ThreadPoolExecutor serial(String role) {
    return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory(role));
  }

  /** One thread for delayed and periodic tasks. */
  public static ScheduledExecutorService timer(String role) {
    return Executors.newSingleThreadScheduledExecutor(factory(role));
  }

  /** A started daemon thread running {@code body} (for loops that own their thread, e.g. a writer). */
  public static Thread thread(String role, Runnable body) {
    Thread t = factory(role).newThread(body);
    t.start();
    return t;
  }

  /** The daemon, named, logging thread factory behind every worker of the plugin. */
  public static ThreadFactory factory(String role) {
    String name = "tidings-" + role;
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.setUncaughtExceptionHandler((thread, e) -> log.error("Uncaught failure on {}", thread.getName(), e));
      return t;
    };
  }

  /**
   * Stops {@code executor}: refuses new work, waits up to {@code timeoutMillis} for queued work,
   * then interrupts what still runs. Null is ignored; returns whether everything finished in time.
   */
  public static boolean stop(ExecutorService executor, long timeoutMillis) throws InterruptedException {
    if (executor == null) {
      return true;
    }
    executor.shutdown();
    if (executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
      return true;
    }
    log.warn("A worker did not finish within {} ms; interrupting it", timeoutMillis);
    executor.shutdownNow();
    return false;
  }
}
