package dev.tidings.plugin.pipeline;

import dev.tidings.hooks.EventSink;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.Committed;
import dev.tidings.plugin.log.EventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where repository events go, in this order: stored by the {@link EventStore} (entries and
 * journal in one transaction), published to the broker by {@link CommitOrder} (on the writer
 * thread, in commit order), then handed to every {@link CommittedEventListener} on the single
 * {@code tidings-committed} thread, in commit order. Never blocks the caller.
 */
@Singleton
public final class EventPipeline implements EventSink, Managed {

  private static final Logger log = LoggerFactory.getLogger(EventPipeline.class);

  private final EventStore store;
  private final CommitOrder order;
  private final Set<CommittedEventListener> listeners;
  private final Counter dropped;
  private volatile ExecutorService listenerThread;

  @Inject
  public EventPipeline(EventStore store, CommitOrder order, Set<CommittedEventListener> listeners,
      MeterRegistry meters) {
    this.store = store;
    this.order = order;
    this.listeners = listeners;
    this.dropped = Counter.builder("tidings.events.dropped")
        .description("Repository events that could not be stored (logged with their id)")
        .register(meters);
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
    Workers.stop(ex, 10_000);
  }

  @Override
  public void accept(TidingsEvent event) {
    append(event).whenComplete((ok, error) -> {
      if (error != null) {
        dropped.increment();
        log.error("Event {} {} on {} was not stored", event.type(), event.id(),
            event.repository() == null ? "-" : event.repository().fullName(), error);
      }
    });
  }

  /** Stores, publishes and queues {@code event} for the listeners; completes after the publish. */
  public CompletableFuture<List<ChannelEvent>> append(TidingsEvent event) {
    return store.append(event)
        .thenCompose(committed -> order.publish(committed, () -> tellListeners(event)))
        .thenApply(Committed::events);
  }

  /** Runs right after the event's publish (usually on the writer thread): only hands over. */
  private void tellListeners(TidingsEvent event) {
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
