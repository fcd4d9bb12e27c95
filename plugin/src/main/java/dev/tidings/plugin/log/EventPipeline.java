package dev.tidings.plugin.log;

import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.hooks.EventSink;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.lifecycle.Managed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where hooks and host listeners hand their events: append to the log (which commits and publishes
 * to the broker in offset order), then tell every {@link CommittedEventListener} on the single
 * {@code tidings-committed} thread, in commit order. Never blocks the caller.
 */
@Singleton
public final class EventPipeline implements EventSink, Managed {

  private static final Logger log = LoggerFactory.getLogger(EventPipeline.class);

  private final EventLog eventLog;
  private final Set<CommittedEventListener> listeners;
  private volatile ExecutorService listenerThread;

  @Inject
  public EventPipeline(EventLog eventLog, Set<CommittedEventListener> listeners) {
    this.eventLog = eventLog;
    this.listeners = listeners;
  }

  @Override
  public Phase phase() {
    return Phase.LOG;
  }

  @Override
  public synchronized void start() {
    listenerThread = Workers.serial("committed");
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    ExecutorService ex = listenerThread;
    listenerThread = null;
    if (ex != null) {
      ex.shutdown();
      if (!ex.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Committed-event listeners did not finish in 10 s");
        ex.shutdownNow();
      }
    }
  }

  @Override
  public void accept(TidingsEvent event) {
    eventLog.append(event, committed -> notifyListeners(event, committed))
        .whenComplete((ok, error) -> {
          if (error != null) {
            log.error("Event {} {} on {} was not stored", event.type(), event.id(),
                event.repository() == null ? "-" : event.repository().fullName(), error);
          }
        });
  }

  /** Runs on the log's writer thread: only hands over. */
  private void notifyListeners(TidingsEvent event, List<ChannelEvent> committed) {
    ExecutorService ex = listenerThread;
    if (ex == null || listeners.isEmpty()) {
      return;
    }
    try {
      ex.execute(() -> {
        for (CommittedEventListener listener : listeners) {
          try {
            listener.onCommitted(event);
          } catch (RuntimeException e) {
            log.error("{} failed on event {} {}", listener.getClass().getSimpleName(), event.type(), event.id(), e);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      log.warn("Plugin stopping: listeners not told about event {}", event.id());
    }
  }
}
