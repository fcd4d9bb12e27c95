package dev.tidings.plugin.pipeline;

import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.Committed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed writes to the broker in the store's commit order, so every channel reaches
 * the broker in offset order, and runs each write's follow-up right after its publish.
 *
 * <p>The store completes its futures on the writer thread in commit order, so a write is usually
 * reported here on the writer thread, in order, and published at once (no thread hop). A stage
 * chained after its future already completed runs on the caller's thread instead and may arrive
 * late: writes reported ahead of an earlier one wait here until it comes, then go in sequence.
 * Every sequence of the store must be reported exactly once, so only the pipeline writes to it.
 */
@Singleton
public final class CommitOrder {

  private static final Logger log = LoggerFactory.getLogger(CommitOrder.class);

  private final Broker broker;
  private final Map<Long, Waiting> early = new HashMap<>(); // guarded by this
  private long next = 1; // guarded by this

  @Inject
  public CommitOrder(Broker broker) {
    this.broker = broker;
  }

  private record Waiting(Committed write, Runnable then, CompletableFuture<Committed> published) {}

  /**
   * Publishes {@code write}'s entries once every earlier commit is published, then runs
   * {@code then} (may be null; must only hand work on). The future completes after the publish.
   */
  public CompletableFuture<Committed> publish(Committed write, Runnable then) {
    CompletableFuture<Committed> published = new CompletableFuture<>();
    Waiting w = new Waiting(write, then, published);
    if (write.sequence() <= 0) {
      run(w); // stored nothing: no place in the order
      return published;
    }
    synchronized (this) {
      if (write.sequence() > next) {
        early.put(write.sequence(), w);
        return published;
      }
      if (write.sequence() < next) {
        log.error("Commit {} reported twice or after {}; published out of order", write.sequence(), next);
      } else {
        next++;
      }
      run(w);
      Waiting due;
      while ((due = early.remove(next)) != null) {
        next++;
        run(due);
      }
    }
    return published;
  }

  private void run(Waiting w) {
    for (ChannelEvent e : w.write().events()) {
      broker.publish(e);
    }
    if (w.then() != null) {
      try {
        w.then().run();
      } catch (RuntimeException e) {
        log.error("The follow-up of commit {} failed", w.write().sequence(), e);
      }
    }
    w.published().complete(w.write());
  }
}
