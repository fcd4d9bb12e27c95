package dev.tidings.plugin.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.Identity;
import dev.tidings.plugin.access.CredentialWatcher;
import dev.samplehost.api.Scopes;
import dev.tidings.plugin.access.ChannelScopes;
import dev.tidings.plugin.access.ChannelAuthorizer.Decision;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.hub.Connection;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.ErrorCode;
import dev.tidings.plugin.hub.Outbox;
import dev.tidings.plugin.hub.OutboxSink;
import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.plugin.hub.Replies;
import dev.tidings.plugin.hub.ReplayHold;
import dev.tidings.plugin.hub.ReplayRefusedException;
import dev.tidings.plugin.hub.OutboxSubscriber;
import dev.tidings.plugin.hub.Subscription;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client: parses its commands (protocol v1), holds its subscriptions, and writes its
 * messages through a bounded {@link Outbox}. Event envelopes go out as text frames whose payload is
 * the log's shared bytes (only the 2-10 byte frame header is made per connection); frames gathered
 * while a write is in flight are batched into one socket write. Public because Jetty requires it.
 */
public final class WsConnection implements Session.Listener.AutoDemanding, OutboxSubscriber, Connection, OutboxSink,
    CredentialWatcher.Revocable {

  private static final Logger log = LoggerFactory.getLogger(WsConnection.class);

  // A field updater instead of an AtomicBoolean: one object less per connection.
  private static final AtomicIntegerFieldUpdater<WsConnection> CLOSED =
      AtomicIntegerFieldUpdater.newUpdater(WsConnection.class, "closed");

  // Only the login and address are kept (not the host's Identity with its user and token
  // objects), and once the lease exists they are the copies shared by all connections of that
  // user and address: idle connections are mostly such per-connection copies otherwise.
  private String login;
  // The token's scopes, checked at each subscribe (the shared unrestricted instance for passwords and sessions).
  private final Scopes scopes;
  private String address;
  private final WsServices services;
  private final Outbox outbox;
  private final TokenBucket bucket;
  private final SubscriptionList subscriptions = new SubscriptionList();
  private volatile int closed;
  private volatile Session session;
  private volatile CoreSession core;
  private volatile Connections.Lease lease;
  private long rejectWindowStart = System.nanoTime();
  private int rejectedInWindow;
  // Subscribes answered forbidden/unauthenticated: probing for channel names costs host lookups.
  private int forbidden;
  // Kept only until the socket opens, where it is handed to the credential watcher.
  private Identity identity;
  private volatile CredentialWatcher.Watch watch;

  WsConnection(Identity identity, String address, WsServices services) {
    this.identity = identity;
    // A public-only token subscribes and receives as an anonymous client (ChannelScopes.reader).
    this.login = ChannelScopes.reader(identity);
    this.scopes = identity.scopes();
    this.address = address;
    this.services = services;
    this.outbox = new Outbox(this, services.settings, services.metrics);
    this.bucket = new TokenBucket(services.settings.commandBurst());
  }

  @Override
  public String login() {
    return login;
  }

  @Override
  public String transport() {
    return "ws";
  }

  @Override
  public void onWebSocketOpen(Session s) {
    this.session = s;
    // The core session lets us send the shared envelope bytes without re-encoding a String.
    this.core = s instanceof WebSocketSession w && services.settings.wsSharedFrames() ? w.getCoreSession() : null;
    Connections.Lease l = services.connections.tryOpen(this, login(), address);
    if (l != null) {
      login = l.login();
      address = l.address();
    }
    lease = l;
    if (l == null) {
      services.metrics.rejected("too_many_connections");
      close(CloseCodes.TOO_MANY_CONNECTIONS, "too many connections");
      return;
    }
    watch = services.credentials.watch(identity, this);
    identity = null;
    if (closed != 0) {
      cancelWatch();
    }
  }

  /** The session or token of the handshake was revoked: close for good (4501, do not reconnect as is). */
  @Override
  public void credentialsRevoked() {
    // Unsubscribed at once (release), so nothing that is published from now on reaches this socket.
    close(CloseCodes.CREDENTIALS_REVOKED, CredentialWatcher.REASON);
  }

  private void cancelWatch() {
    CredentialWatcher.Watch w = watch;
    if (w != null) {
      w.cancel();
    }
  }

  @Override
  public void onWebSocketText(String text) {
    if (lease == null || closed != 0) {
      return;
    }
    int max = services.settings.wsMaxMessageBytes();
    if (text.length() > max || (text.length() * 3L > max && text.getBytes(StandardCharsets.UTF_8).length > max)) {
      reject(ErrorCode.MESSAGE_TOO_LARGE, "Messages may be at most " + max + " bytes", null, null);
      close(CloseCodes.MESSAGE_TOO_LARGE, "message too large");
      return;
    }
    if (!bucket.tryTake(services.settings.commandRate(), services.settings.commandBurst())) {
      reject(ErrorCode.RATE_LIMITED, "Too many commands; at most " + (long) services.settings.commandRate()
          + " a second (burst " + services.settings.commandBurst() + ")", null, null);
      // More rejected commands within a second than the burst allows: the client ignores the errors.
      long now = System.nanoTime();
      if (now - rejectWindowStart > 1_000_000_000L) {
        rejectWindowStart = now;
        rejectedInWindow = 0;
      }
      if (++rejectedInWindow > services.settings.commandBurst()) {
        close(CloseCodes.COMMAND_FLOOD, "command flood");
      }
      return;
    }
    JsonNode root;
    try {
      root = services.json.readTree(text);
    } catch (JsonProcessingException e) {
      reject(ErrorCode.BAD_REQUEST, "Commands must be JSON objects such as {\"type\":\"ping\"}", null, null);
      return;
    }
    Command command = Command.parse(root);
    if (command.error() != null) {
      reject(command.error(), command.message(), command.channel(), command.id());
      return;
    }
    try {
      switch (command.type()) {
        case "ping" -> send(Outgoing.control(Replies.pong(command.id())));
        case "subscribe" -> subscribe(command);
        case "unsubscribe" -> unsubscribe(command);
        default -> reject(ErrorCode.UNKNOWN_TYPE, "Unknown command type", null, command.id());
      }
    } catch (RuntimeException e) {
      log.error("Command {} on {} failed", command.type(), command.channel(), e);
      reject(ErrorCode.INTERNAL, "The server could not handle the command; try again", command.channel(), command.id());
    }
  }

  private void subscribe(Command command) {
    Channel channel = Channels.parse(command.channel()).orElse(null);
    if (channel == null) {
      reject(ErrorCode.BAD_CHANNEL, "Not a channel name; use repo:{owner}/{name}[/prs|/issues], user:{login} or org:{org}",
          command.channel(), command.id());
      return;
    }
    Subscription existing = subscriptions.get(channel.name());
    if (existing == null && subscriptions.size() >= services.settings.maxSubscriptions()) {
      reject(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "At most " + services.settings.maxSubscriptions()
          + " subscriptions per connection", channel.name(), command.id());
      return;
    }
    String scopeRefusal = ChannelScopes.refusal(scopes, channel);
    if (scopeRefusal != null) {
      reject(ErrorCode.FORBIDDEN, scopeRefusal, channel.name(), command.id());
      return;
    }
    Decision decision = services.authorizer.check(login(), channel);
    if (decision != Decision.ALLOWED) {
      boolean anonymous = decision == Decision.UNAUTHENTICATED;
      reject(anonymous ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN,
          anonymous ? "Sign in to subscribe to " + channel.name() : "Not allowed, or no such channel",
          channel.name(), command.id());
      if (++forbidden >= services.maxForbidden) {
        close(CloseCodes.TOO_MANY_FORBIDDEN, "too many forbidden subscriptions");
      }
      return;
    }
    // A resume takes a place in the replay budget first, so a refusal leaves the old subscription.
    ReplayHold hold = null;
    if (command.since() != null) {
      hold = services.hub.holdReplays(this, address);
      if (hold == null) {
        rejectReplay(channel.name(), command.id());
        return;
      }
    }
    try {
      if (existing != null) {
        // A second subscribe (typically with since after a gap) replaces the first, and drops
        // what is left of the first one's replay.
        subscriptions.remove(existing);
        services.hub.unsubscribe(existing);
      }
      Subscription s = services.hub.subscribe(this, channel, command.since(),
          start -> send(new Outgoing(Replies.subscribed(start, command.id()), start.channel(), start.epoch(), start.standsAt())));
      subscriptions.put(s);
      if (closed != 0) {
        services.hub.unsubscribe(s);
      }
    } catch (ReplayRefusedException e) {
      rejectReplay(channel.name(), command.id());
    } finally {
      if (hold != null) {
        hold.close();
      }
    }
  }

  private void rejectReplay(String channel, JsonNode id) {
    reject(ErrorCode.RATE_LIMITED, "Too many resumes in progress from this address or on this server; subscribe with "
        + "since again in a few seconds", channel, id);
  }

  private void unsubscribe(Command command) {
    Subscription s = subscriptions.remove(command.channel());
    if (s != null) {
      services.hub.unsubscribe(s);
    }
    send(Outgoing.control(Replies.unsubscribed(command.channel(), command.id())));
  }

  private void reject(ErrorCode code, String message, String channel, JsonNode id) {
    services.metrics.rejected(code.code());
    send(Outgoing.control(Replies.error(code, message, channel, id)));
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
    callback.succeed();
    reject(ErrorCode.BAD_REQUEST, "Binary messages are not supported; send JSON text", null, null);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    release();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    log.debug("WebSocket error for {} from {}", login(), address, cause);
    release();
  }

  @Override
  public Outbox outbox() {
    return outbox;
  }

  @Override
  public void revoked(String channel) {
    Subscription s = subscriptions.get(channel);
    if (s != null && !s.active()) {
      subscriptions.remove(s);
    }
    sendRevoked(channel);
  }

  @Override
  public void replayFailed(String channel) {
    Subscription s = subscriptions.get(channel);
    if (s != null && !s.active()) {
      subscriptions.remove(s);
    }
    OutboxSubscriber.super.replayFailed(channel);
  }

  @Override
  public void write(List<Outgoing> batch, Callback done) {
    CoreSession c = core;
    int n = batch.size();
    if (c == null) {
      writeThroughApi(batch, done);
      return;
    }
    for (int i = 0; i < n - 1; i++) {
      // All but the last frame are batched into Jetty's aggregate buffer; the last one flushes it.
      c.sendFrame(new Frame(OpCode.TEXT, true, batch.get(i).wireView()), Callback.NOOP, true);
    }
    // Only the last frame carries the write timeout: the batch is enqueued at one instant and
    // written in order, so the last frame expires exactly when an earlier one would, and Jetty's
    // expiry bookkeeping (a nanoTime read and a CyclicTimeouts update) is paid once per write, not per frame.
    c.sendFrame(new OutgoingEntry.Builder(new Frame(OpCode.TEXT, true, batch.get(n - 1).wireView()), done)
        .batch(false).frameTimeout(services.settings.writeTimeout().toMillis()).build());
  }

  private void writeThroughApi(List<Outgoing> batch, Callback done) {
    Session s = session;
    // Reached only with hub.ws.sharedFrames=false (for comparison) or if Jetty's session type
    // changes: re-encodes each message and sends one frame at a time, chained.
    String[] texts = batch.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toArray(String[]::new);
    sendChained(s, texts, 0, done);
  }

  private static void sendChained(Session s, String[] texts, int i, Callback done) {
    s.sendText(texts[i], org.eclipse.jetty.websocket.api.Callback.from(
        () -> {
          if (i + 1 < texts.length) {
            sendChained(s, texts, i + 1, done);
          } else {
            done.succeeded();
          }
        }, done::failed));
  }

  @Override
  public void overflowed() {
    log.info("Closing slow WebSocket consumer {} from {}", login(), address);
    close(CloseCodes.SLOW_CONSUMER, "slow consumer");
  }

  @Override
  public void failed(Throwable cause) {
    log.debug("Write to {} failed", address, cause);
    if (cause instanceof java.util.concurrent.TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
      // A write that made no progress for hub.write.timeout: a stalled reader.
      services.metrics.slowConsumer();
    }
    Session s = session;
    if (s != null) {
      s.disconnect();
    }
    release();
  }

  @Override
  public void keepAlive() {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.sendPing(ByteBuffer.allocate(0), org.eclipse.jetty.websocket.api.Callback.NOOP);
    }
  }

  @Override
  public boolean isOpen() {
    Session s = session;
    return s != null && s.isOpen();
  }

  @Override
  public void shutdown() {
    close(CloseCodes.SHUTDOWN, "server shutting down");
  }

  /** Closes with {@code code}, and drops the connection if the close cannot be sent in time. */
  void close(int code, String reason) {
    outbox.shutdown();
    Session s = session;
    if (s == null) {
      return;
    }
    s.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
    // A reader that stopped reading never lets the close frame out: do not wait for it.
    services.timer.schedule(() -> {
      if (s.isOpen()) {
        s.disconnect();
      }
    }, Duration.ofSeconds(5));
    release();
  }

  private void release() {
    if (!CLOSED.compareAndSet(this, 0, 1)) {
      return;
    }
    outbox.shutdown();
    for (Subscription s : subscriptions.clear()) {
      services.hub.unsubscribe(s);
    }
    Connections.Lease l = lease;
    if (l != null) {
      l.release();
    }
    cancelWatch();
  }

  @Override
  public String toString() {
    return "WsConnection[" + login() + "@" + address + "]";
  }
}
