package dev.tidings.bench.bare;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One connection's bounded outbound queue: one write in flight, and whatever queued up meanwhile goes
 * out as one gathered write when the previous one completes (coalescing on completion).
 */
final class Outbound extends IteratingCallback {

  private final CoreSession session;
  private final int maxQueued;
  private final Runnable onOverflow;
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private boolean overflowed;

  Outbound(CoreSession session, int maxQueued, Runnable onOverflow) {
    this.session = session;
    this.maxQueued = maxQueued;
    this.onOverflow = onOverflow;
  }

  /** Queues a shared, pre-encoded text payload and starts a write if none is in flight; never blocks. */
  void offer(ByteBuffer sharedPayload) {
    if (offerDeferred(sharedPayload)) {
      iterate();
    }
  }

  /** Queues without starting a write (see {@link #flush()}); false when closed or just overflowed. */
  boolean offerDeferred(ByteBuffer sharedPayload) {
    return offerDeferred(sharedPayload, maxQueued);
  }

  /**
   * Queues a replay: bounded by the retained history rather than by the live-queue limit, because a
   * resuming client is owed all of it at once.
   */
  void offerReplay(java.util.List<ByteBuffer> replay) {
    synchronized (queue) {
      if (overflowed) {
        return;
      }
      queue.addAll(replay);
    }
    iterate();
  }

  private boolean offerDeferred(ByteBuffer sharedPayload, int limit) {
    boolean overflow = false;
    synchronized (queue) {
      if (overflowed) {
        return false;
      }
      if (queue.size() >= limit) {
        overflowed = true;
        queue.clear();
        overflow = true;
      } else {
        queue.add(sharedPayload);
      }
    }
    if (overflow) {
      onOverflow.run();
      return false;
    }
    return true;
  }

  /** Starts a write of whatever is queued unless one is in flight. */
  void flush() {
    iterate();
  }

  @Override
  protected Action process() {
    ByteBuffer[] batch;
    synchronized (queue) {
      if (queue.isEmpty()) {
        return Action.IDLE;
      }
      batch = queue.toArray(new ByteBuffer[0]);
      queue.clear();
    }
    // Each frame gets its own view of the shared bytes: the flusher consumes the buffer position.
    for (int i = 0; i < batch.length - 1; i++) {
      session.sendFrame(new Frame(OpCode.TEXT, true, batch[i].slice()), Callback.NOOP, true);
    }
    session.sendFrame(new Frame(OpCode.TEXT, true, batch[batch.length - 1].slice()), this, false);
    return Action.SCHEDULED;
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    synchronized (queue) {
      queue.clear();
      overflowed = true;
    }
  }
}
