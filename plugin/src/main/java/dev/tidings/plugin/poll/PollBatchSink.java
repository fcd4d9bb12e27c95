package dev.tidings.plugin.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.Identity;
import dev.tidings.plugin.hub.ErrorCode;
import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.plugin.hub.SubscribeStart;
import dev.tidings.plugin.session.ClientSession;
import dev.tidings.plugin.session.CloseReason;
import dev.tidings.plugin.session.SessionContext;
import dev.tidings.plugin.transport.http.HttpStream;
import dev.tidings.plugin.web.JsonResponses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One held long-poll request, framing its session's messages as one answer: it collects the
 * replayed and live events (up to {@code hub.queue.maxMessages}/{@code maxBytes}) and answers
 * once, when the first events are there or the timeout passes, with the events, the new cursor
 * and each channel's recovery state ({@link PollAnswer}). No thread waits meanwhile; answers are
 * written on the timer thread, never the hub's fan-out thread.
 */
final class PollBatchSink implements HttpStream {

  private static final Logger log = LoggerFactory.getLogger(PollBatchSink.class);

  private final SessionContext context;
  private final ClientSession session;
  private final Response response;
  private final Callback exchange;
  private final Duration wait;
  private final int maxEvents;
  private final long maxBytes;
  private final List<byte[]> events = new ArrayList<>();
  private long bytes;
  // An inline replay stopped before its end: answer at once, the client continues from the cursor.
  private boolean cut;
  private final Map<String, PollChannel> channels = new LinkedHashMap<>();
  private final AtomicBoolean done = new AtomicBoolean();
  private boolean started;
  private volatile ScheduledFuture<?> timeout;

  PollBatchSink(SessionContext context, Identity identity, String address, Response response, Callback exchange,
      Duration wait) {
    this.context = context;
    this.response = response;
    this.exchange = exchange;
    this.wait = wait;
    this.maxEvents = context.settings().queueMaxMessages();
    this.maxBytes = context.settings().queueMaxBytes();
    this.session = new ClientSession(context, identity, address, false, this);
  }

  @Override
  public String transport() {
    return "poll";
  }

  @Override
  public ClientSession session() {
    return session;
  }

  @Override
  public void opened(Request request) {
    request.addIdleTimeoutListener(t -> false);
    request.addFailureListener(this::abandon);
  }

  @Override
  public void startFailed(RuntimeException cause) {
    log.error("Starting a long-poll failed", cause);
    abandon(cause);
    JsonResponses.error(response, exchange, 500, "internal", "The server could not read the event log; try again");
  }

  /** All channels are subscribed: answer now if anything is waiting, else hold until the timeout. */
  @Override
  public void started() {
    boolean now;
    synchronized (this) {
      started = true;
      now = !events.isEmpty() || cut || anyEnded();
    }
    if (now || wait.isZero()) {
      answer();
      return;
    }
    timeout = context.timer().schedule(this::answer, wait);
    if (timeout == null) {
      answer();
    }
  }

  private boolean anyEnded() {
    return channels.values().stream().anyMatch(c -> c.revoked || c.interrupted);
  }

  @Override
  public synchronized void subscribed(SubscribeStart start, JsonNode id) {
    PollChannel state = new PollChannel();
    state.epoch = start.epoch();
    state.offset = start.standsAt();
    state.recovered = start.recovered();
    channels.put(start.channel(), state);
  }

  @Override
  public boolean send(Outgoing message) {
    boolean wakeNow;
    synchronized (this) {
      if (done.get() || message.channel() == null) {
        return !done.get();
      }
      PollChannel state = channels.computeIfAbsent(message.channel(), c -> new PollChannel());
      if (state.full || isFull()) {
        // The answer is bounded (hub.queue.maxMessages/maxBytes): this and every later event of the
        // channel wait for the next poll, which resumes from the cursor before them.
        state.full = true;
        cut = true;
        return true;
      }
      state.epoch = message.epoch();
      state.offset = message.offset();
      events.add(message.payload());
      bytes += message.size();
      wakeNow = started && events.size() == 1 || isFull();
    }
    if (wakeNow) {
      wake();
    }
    return true;
  }

  private boolean isFull() {
    return events.size() >= maxEvents || bytes >= maxBytes;
  }

  @Override
  public synchronized boolean replayWanted() {
    return !done.get() && !isFull();
  }

  @Override
  public synchronized void replayedThrough(String channel, String epoch, long offset) {
    PollChannel state = channels.get(channel);
    // Past events skipped as unreadable too, unless one of the channel's events was left out.
    if (state != null && !state.full && epoch.equals(state.epoch) && offset > state.offset) {
      state.offset = offset;
    }
  }

  @Override
  public synchronized void replayStopped(String channel) {
    cut = true;
  }

  /** Access revoked or replay interrupted: said in the answer's {@code channels}, which goes now. */
  @Override
  public void ended(String channel, ErrorCode code, String message) {
    boolean wakeNow;
    synchronized (this) {
      PollChannel state = channels.computeIfAbsent(channel, c -> new PollChannel());
      if (code == ErrorCode.REPLAY_INTERRUPTED) {
        state.interrupted = true;
      } else {
        state.revoked = true;
      }
      wakeNow = started;
    }
    if (wakeNow) {
      wake();
    }
  }

  /** Answers soon, on the timer thread: never on the hub's fan-out thread. */
  private void wake() {
    context.timer().schedule(this::answer, Duration.ZERO);
  }

  /**
   * Server stopping: answers with what has arrived. Credential revoked: answers 401
   * {@code credentials_revoked} instead of events.
   */
  @Override
  public void close(CloseReason reason) {
    if (reason != CloseReason.CREDENTIALS_REVOKED) {
      answer();
      return;
    }
    if (!done.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      release();
    }
    JsonResponses.error(response, exchange, 401, "credentials_revoked",
        "The session or token of this request was signed out, expired or deleted; sign in again");
  }

  /** Answers with what has arrived (possibly nothing); only the first call does anything. */
  private void answer() {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    byte[] body;
    synchronized (this) {
      release();
      body = PollAnswer.body(events, channels);
    }
    JsonResponses.send(response, exchange, 200, body);
  }

  /** The client went away: release everything without answering. */
  private void abandon(Throwable cause) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      release();
    }
  }

  private void release() {
    ScheduledFuture<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
    session.release();
  }
}
