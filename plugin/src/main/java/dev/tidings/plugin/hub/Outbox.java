package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's bounded outbound queue with exactly one write in flight: a message offered
 * while the connection is idle is written at once; messages offered during a write are gathered
 * into the next write when it completes (coalescing on completion, no timer). When the queue
 * would exceed its message or byte limit the consumer is too slow: the queue is dropped and the
 * sink told to disconnect, so one slow reader never costs memory or anyone else's speed.
 * The outbox is its own write callback: a small loop instead of Jetty's IteratingCallback, whose
 * lock and bound lambdas cost every idle connection a few hundred bytes. Not final only so that a
 * transport can add its server's callback interface to it (see {@link WriteCallback}).
 */
public class Outbox implements WriteCallback {

  // Queue and batch exist only while there is something to write: an idle connection (the usual
  // case, thousands of them) holds neither. Both are guarded by lock; batch is used by process() only.
  private final Object lock = new Object();
  private ArrayDeque<Outgoing> queue;
  private List<Outgoing> batch;
  private final OutboxSink sink;
  private final HubSettings settings;
  private final HubMetrics metrics;
  private long queuedBytes;
  // Room granted to replayed messages beyond the live limits, used up as the queue drains.
  private int replayCredit;
  private long replayCreditBytes;
  private boolean closed;
  // Guarded by lock: a write is in flight; a thread is running the write loop; the sink was told of a failure.
  private boolean writing;
  private boolean looping;
  private boolean failed;
  // Guarded by lock: run once when the queue is next empty with no write in flight (replay paging).
  private Runnable drained;

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
    if (message.size() > settings.queueMaxBytes() && message.channel() != null) {
      // One event larger than the whole queue may hold: no reader could ever take it live, and
      // closing would cut every subscriber of its channel at once. Skip it for this connection and
      // say so; the client resyncs that channel with since (a replay, or recovered:false).
      metrics.rejected(ErrorCode.EVENT_TOO_LARGE.code());
      message = Outgoing.control(Replies.error(ErrorCode.EVENT_TOO_LARGE, "Event " + message.offset()
          + " was larger than hub.queue.maxBytes and was skipped; subscribe again with since to resync",
          message.channel(), null));
    }
    boolean overflow = false;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      if (queue == null) {
        queue = new ArrayDeque<>(4);
      }
      if (queue.size() >= settings.queueMaxMessages() + replayCredit
          || queuedBytes + message.size() > settings.queueMaxBytes() + replayCreditBytes) {
        overflow = true;
        closed = true;
        queue = null;
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
   * Queues a replayed message past the live limits: a replay is bounded in total
   * ({@code hub.replay.maxEvents}, {@code hub.replay.maxBytes}) and offered one page at a time, the
   * next page only once this queue has drained ({@link #whenDrained}); live messages offered
   * meanwhile still get the full live room.
   */
  public boolean offerReplayed(Outgoing message) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      if (queue == null) {
        queue = new ArrayDeque<>();
      }
      queue.addLast(message);
      queuedBytes += message.size();
      replayCredit++;
      replayCreditBytes += message.size();
    }
    iterate();
    return true;
  }

  /**
   * Runs {@code next} once everything queued so far has been written (at once, on this thread,
   * when nothing is queued or in flight); replaces an earlier one not yet run. Never runs once the
   * outbox is shut down: who registered it must clean up on close.
   */
  public void whenDrained(Runnable next) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (looping || writing || (queue != null && !queue.isEmpty())) {
        drained = next;
        return;
      }
    }
    next.run();
  }

  /** Starts a write of whatever is queued, unless one is in flight. */
  public void flush() {
    iterate();
  }

  /**
   * Writes batches until the queue is empty or a write is still in flight. A write that completes
   * during the sink's call does not recurse: the looping thread simply takes the next batch.
   */
  private void iterate() {
    synchronized (lock) {
      if (looping || writing) {
        return;
      }
      looping = true;
    }
    while (true) {
      if (!writeNext()) {
        Runnable next;
        synchronized (lock) {
          looping = false;
          next = drained;
          drained = null;
        }
        if (next != null) {
          next.run();
        }
        return;
      }
      synchronized (lock) {
        if (writing) {
          // Still in flight: its completion continues the loop.
          looping = false;
          return;
        }
      }
    }
  }

  /** The previous write completed: write what queued up meanwhile. */
  @Override
  public final void succeeded() {
    synchronized (lock) {
      writing = false;
      if (looping) {
        // The write completed within the sink's call; the looping thread goes on.
        return;
      }
    }
    iterate();
  }

  @Override
  public final void failed(Throwable cause) {
    synchronized (lock) {
      writing = false;
      if (failed) {
        return;
      }
      failed = true;
    }
    shutdown();
    sink.failed(cause);
  }

  /** Messages waiting (not yet handed to the transport; tests). */
  int depth() {
    synchronized (lock) {
      return queue == null ? 0 : queue.size();
    }
  }

  /** Stops accepting messages and drops what is queued (the connection is closing). */
  public void shutdown() {
    synchronized (lock) {
      closed = true;
      queue = null;
      drained = null;
      queuedBytes = 0;
      replayCredit = 0;
      replayCreditBytes = 0;
    }
  }

  /** Hands the next batch to the sink and returns true, or returns false when there is nothing to write. */
  private boolean writeNext() {
    List<Outgoing> batch = this.batch;
    if (batch != null) {
      batch.clear();
    }
    int depth;
    long bytes = 0;
    synchronized (lock) {
      ArrayDeque<Outgoing> queue = this.queue;
      if (queue == null || queue.isEmpty()) {
        // Drained: let go of the queue and the batch until the next message.
        this.queue = null;
        this.batch = null;
        return false;
      }
      if (batch == null) {
        batch = new ArrayList<>(Math.min(queue.size(), settings.writeBatchMessages()));
        this.batch = batch;
      }
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
      if (batch.isEmpty()) {
        return false;
      }
      writing = true;
    }
    if (depth > 1) {
      // Only coalesced writes: recording every single-message write cost a contended summary update
      // per delivery (count, sum and a time-windowed max) for a figure that is always 1.
      metrics.queueDepth(depth);
    }
    metrics.written(batch.size(), bytes);
    try {
      sink.write(batch, this);
    } catch (RuntimeException e) {
      failed(e);
    }
    return true;
  }
}
