package dev.tidings.plugin.lifecycle;

import dev.samplehost.api.Registration;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A host event listener's own serial thread: host listeners must return at once, so work they
 * trigger runs here, in the order the events came. {@link #start} registers the listener,
 * {@link #stop} unregisters it and lets queued work finish for up to 5 s.
 */
public final class ListenerWorker {

  private final String role;
  private volatile ExecutorService executor;
  private Registration registration;

  /** A worker whose thread is named after {@code role}. */
  public ListenerWorker(String role) {
    this.role = role;
  }

  /** Starts the thread, then registers {@code listener} with {@code events}. */
  public synchronized void start(HostEvents events, HostEventListener listener) {
    executor = Workers.serial(role);
    registration = events.addListener(listener);
  }

  /** Unregisters the listener and stops the thread after the work already queued. */
  public synchronized void stop() throws InterruptedException {
    if (registration != null) {
      registration.remove();
      registration = null;
    }
    ExecutorService e = executor;
    executor = null;
    if (e != null) {
      e.shutdown();
      e.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Queues {@code task}; returns false (and drops it) when the worker is not running. */
  public boolean run(Runnable task) {
    ExecutorService e = executor;
    if (e == null) {
      return false;
    }
    try {
      e.execute(task);
      return true;
    } catch (RejectedExecutionException stopped) {
      return false;
    }
  }
}
