package dev.tidings.plugin.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One connection's bounded outbound queue with exactly one write in flight: a message offered
 * while the connection is idle is written at once; messages offered during a write are gathered
 * into the next write when it completes (coalescing on completion, no timer). When the queue
 * would exceed its message or byte limit the consumer is too slow: the queue is dropped and the
 * sink told to disconnect, so one slow reader never costs memory or anyone else's speed.
 */
public final class Outbox extends IteratingCallback {

  private final Object lock = new Object();
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
  private final List<Outgoing> batch = new ArrayList<>();
  private final OutboxSink sink;
  private final HubSettings settings;
  private final HubMetrics metrics;
  private long queuedBytes;
  // Room granted to replayed messages beyond the live limits, used up as the queue drains.
  private int replayCredit;
  private long replayCreditBytes;
  private boolean closed;

  /** A queue writing through {@code sink} within the limits of {@code settings}. */
  public Outbox(OutboxSink sink, HubSettings settings, HubMetrics metrics) {
    this.sink = sink;
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * Queues {@code message} and starts a write if none is in flight; never blocks. Returns false
   * when the outbox is closed or just overflowed (then the sink has been told).
   */
  public boolean offer(Outgoing message) {
    return offer(message, true);
  }

  /**
   * Queues {@code message}; with {@code write} false the write is left to a later {@link #flush()}
   * (or to the completion of the write in flight).
   */
  public boolean offer(Outgoing message, boolean write) {
    boolean overflow = false;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      if (queue.size() >= settings.queueMaxMessages() + replayCredit
          || queuedBytes + message.size() > settings.queueMaxBytes() + replayCreditBytes) {
        overflow = true;
        closed = true;
        queue.clear();
        queuedBytes = 0;
      } else {
        queue.addLast(message);
        queuedBytes += message.size();
      }
    }
    if (overflow) {
      metrics.slowConsumer();
      sink.overflowed();
      return false;
    }
    if (write) {
      iterate();
    }
    return true;
  }

  /**
   * Queues a replayed message past the live limits (a resume's replay is bounded by
   * {@code hub.replay.maxEvents}); live messages offered meanwhile still get the full live room.
   */
  public boolean offerReplayed(Outgoing message) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      queue.addLast(message);
      queuedBytes += message.size();
      replayCredit++;
      replayCreditBytes += message.size();
    }
    iterate();
    return true;
  }

  /** Starts a write of whatever is queued, unless one is in flight. */
  public void flush() {
    iterate();
  }

  /** Messages waiting (not yet handed to the transport). */
  public int depth() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /** Stops accepting messages and drops what is queued (the connection is closing). */
  public void shutdown() {
    synchronized (lock) {
      closed = true;
      queue.clear();
      queuedBytes = 0;
      replayCredit = 0;
      replayCreditBytes = 0;
    }
  }

  @Override
  protected Action process() {
    batch.clear();
    int depth;
    long bytes = 0;
    synchronized (lock) {
      depth = queue.size();
      while (!queue.isEmpty() && batch.size() < settings.writeBatchMessages()) {
        Outgoing next = queue.peekFirst();
        if (!batch.isEmpty() && bytes + next.size() > settings.writeBatchBytes()) {
          break;
        }
        queue.pollFirst();
        queuedBytes -= next.size();
        if (replayCredit > 0) {
          replayCredit--;
          replayCreditBytes = Math.max(0, replayCreditBytes - next.size());
        }
        bytes += next.size();
        batch.add(next);
      }
    }
    if (batch.isEmpty()) {
      return Action.IDLE;
    }
    metrics.queueDepth(depth);
    metrics.written(batch.size(), bytes);
    sink.write(batch, this);
    return Action.SCHEDULED;
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    shutdown();
    sink.failed(cause);
  }
}
