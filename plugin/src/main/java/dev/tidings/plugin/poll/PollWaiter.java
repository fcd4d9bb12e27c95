package dev.tidings.plugin.poll;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.hub.Connection;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.Cursor;
import dev.tidings.plugin.hub.Hub;
import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.plugin.hub.SubscribeStart;
import dev.tidings.plugin.hub.Subscriber;
import dev.tidings.plugin.hub.Subscription;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.web.JsonResponses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One held long-poll request: subscribed like any connection, it collects the replayed and live
 * events and answers once, when the first events are there or the timeout passes, with the events,
 * the new cursor and each channel's recovery state. No thread waits meanwhile.
 */
final class PollWaiter implements Subscriber, Connection, CredentialWatcher.Revocable {

  private static final JsonFactory FACTORY = new JsonFactory();

  /** What the answer says about one channel. */
  private static final class ChannelState {
    String epoch;
    long offset;
    Boolean recovered;
    boolean revoked;
    boolean interrupted;
    // An event of this channel did not fit the answer: its position stays before it.
    boolean full;
  }

  private final String login;
  private final Response response;
  private final Callback exchange;
  private final Hub hub;
  private final int maxEvents;
  private final long maxBytes;
  private final List<byte[]> events = new ArrayList<>();
  private long bytes;
  // An inline replay stopped before its end: answer at once, the client continues from the cursor.
  private boolean cut;
  private final Map<String, ChannelState> channels = new LinkedHashMap<>();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final AtomicBoolean done = new AtomicBoolean();
  private boolean started;
  volatile Connections.Lease lease;
  volatile ScheduledFuture<?> timeout;
  volatile CredentialWatcher.Watch watch;
  Runnable wake;

  PollWaiter(String login, Response response, Callback exchange, Hub hub, int maxEvents, long maxBytes) {
    this.login = login;
    this.response = response;
    this.exchange = exchange;
    this.hub = hub;
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  @Override
  public String login() {
    return login;
  }

  @Override
  public String transport() {
    return "poll";
  }

  synchronized void started(SubscribeStart start) {
    ChannelState state = new ChannelState();
    state.epoch = start.epoch();
    state.offset = start.standsAt();
    state.recovered = start.recovered();
    channels.put(start.channel(), state);
  }

  synchronized void add(Subscription s) {
    subscriptions.add(s);
    if (done.get()) {
      hub.unsubscribe(s);
    }
  }

  /** All channels are subscribed: answer now if anything is waiting, else hold. */
  boolean holdOrAnswer() {
    synchronized (this) {
      started = true;
      if (events.isEmpty() && !cut && !anyRevoked()) {
        return true;
      }
    }
    answer();
    return false;
  }

  private boolean anyRevoked() {
    return channels.values().stream().anyMatch(c -> c.revoked || c.interrupted);
  }

  @Override
  public boolean send(Outgoing message) {
    boolean wakeNow;
    synchronized (this) {
      if (done.get() || message.channel() == null) {
        return !done.get();
      }
      ChannelState state = channels.computeIfAbsent(message.channel(), c -> new ChannelState());
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
    if (wakeNow && wake != null) {
      wake.run();
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
    ChannelState state = channels.get(channel);
    // Past events skipped as unreadable too, unless one of the channel's events was left out.
    if (state != null && !state.full && epoch.equals(state.epoch) && offset > state.offset) {
      state.offset = offset;
    }
  }

  @Override
  public synchronized void replayStopped(String channel) {
    cut = true;
  }

  @Override
  public void replayFailed(String channel) {
    boolean wakeNow;
    synchronized (this) {
      ChannelState state = channels.computeIfAbsent(channel, c -> new ChannelState());
      state.interrupted = true;
      wakeNow = started;
    }
    if (wakeNow && wake != null) {
      wake.run();
    }
  }

  @Override
  public void revoked(String channel) {
    boolean wakeNow;
    synchronized (this) {
      ChannelState state = channels.computeIfAbsent(channel, c -> new ChannelState());
      state.revoked = true;
      wakeNow = started;
    }
    if (wakeNow && wake != null) {
      wake.run();
    }
  }

  @Override
  public void shutdown() {
    answer();
  }

  /** Answers with what has arrived (possibly nothing); only the first call does anything. */
  void answer() {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    byte[] body;
    synchronized (this) {
      release();
      body = body();
    }
    JsonResponses.send(response, exchange, 200, body);
  }

  /** The credential of the request was revoked: answers 401 {@code credentials_revoked} instead of events. */
  @Override
  public void credentialsRevoked() {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      release();
    }
    JsonResponses.error(response, exchange, 401, "credentials_revoked",
        "The session or token of this request was signed out, expired or deleted; sign in again");
  }

  /** The client went away: release everything without answering. */
  void abandon(Throwable cause) {
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
    for (Subscription s : subscriptions) {
      hub.unsubscribe(s);
    }
    Connections.Lease l = lease;
    if (l != null) {
      l.release();
    }
    CredentialWatcher.Watch w = watch;
    if (w != null) {
      w.cancel();
    }
  }

  private byte[] body() {
    Map<String, ChannelPosition> positions = new LinkedHashMap<>();
    for (Map.Entry<String, ChannelState> e : channels.entrySet()) {
      if (!e.getValue().revoked && !e.getValue().interrupted && e.getValue().epoch != null) {
        positions.put(e.getKey(), new ChannelPosition(e.getValue().epoch, e.getValue().offset));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + events.stream().mapToInt(b -> b.length + 1).sum());
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("events");
      for (byte[] envelope : events) {
        // The log's envelope bytes are already JSON: copied in as they are.
        g.writeRawValue(new String(envelope, java.nio.charset.StandardCharsets.UTF_8));
      }
      g.writeEndArray();
      g.writeStringField("cursor", Cursor.encode(positions));
      g.writeObjectFieldStart("channels");
      for (Map.Entry<String, ChannelState> e : channels.entrySet()) {
        ChannelState s = e.getValue();
        g.writeObjectFieldStart(e.getKey());
        if (s.revoked) {
          g.writeStringField("error", "forbidden");
          g.writeStringField("message", "access revoked");
        } else if (s.interrupted) {
          g.writeStringField("error", "replay_interrupted");
          g.writeStringField("message", "History was removed while it was replayed; poll again with the previous cursor");
        } else {
          g.writeStringField("epoch", s.epoch);
          g.writeNumberField("offset", s.offset);
          if (s.recovered != null) {
            g.writeBooleanField("recovered", s.recovered);
          }
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
