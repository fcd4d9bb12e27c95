package dev.tidings.plugin.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.Identity;
import dev.samplehost.api.Scopes;
import dev.tidings.plugin.access.ChannelScopes;
import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.hub.Connection;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.ErrorCode;
import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.plugin.hub.Replies;
import dev.tidings.plugin.hub.ReplayHold;
import dev.tidings.plugin.hub.ReplayRefusedException;
import dev.tidings.plugin.hub.Subscribing;
import dev.tidings.plugin.hub.Subscription;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.presence.Member;
import dev.tidings.plugin.presence.Memberships;
import dev.tidings.plugin.presence.PresenceChannel;
import dev.tidings.plugin.presence.PresenceClient;
import dev.tidings.plugin.session.ChannelChecks.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's protocol engine, whatever its transport (as Centrifuge's
 * {@code client.go}): its identity and place within the connection limits, its subscriptions,
 * its commands (subscribe with or without {@code since}, unsubscribe, ping) with their checks,
 * limits and error answers, and its end (closed, revoked credentials, server stopping). It is what
 * the hub and the connection registry see; its messages go out through the transport's
 * {@link SessionOutput}, which only frames them.
 *
 * <p>Threads: commands arrive on the transport's reading thread, one at a time; events, replays
 * and revocations arrive from the hub's threads and go straight to the output.
 *
 * <p>Longer than most classes on purpose: it is the one protocol object per connection, and
 * splitting it into several per-connection objects would cost every idle connection their headers
 * and references.
 */
public final class ClientSession extends ForwardingSubscriber implements Connection, CredentialWatcher.Revocable,
    PresenceClient {

  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

  // A field updater instead of an AtomicBoolean: one object less per connection.
  private static final AtomicIntegerFieldUpdater<ClientSession> CLOSED =
      AtomicIntegerFieldUpdater.newUpdater(ClientSession.class, "closed");

  private final SessionContext context;
  // The token's scopes, checked at each subscribe (the shared unrestricted instance for passwords and sessions).
  private final Scopes scopes;
  // Only the login and address are kept (not the host's Identity with its user and token objects),
  // and once the lease exists they are the copies shared by all connections of that user and address.
  private String login;
  private String address;
  private final SubscriptionList subscriptions = new SubscriptionList();
  // Null for transports that take no commands (SSE, long-poll).
  private final CommandFloodGuard flood;
  // Subscribes answered forbidden/unauthenticated: probing for channel names costs host lookups.
  private int forbidden;
  private volatile int closed;
  private volatile Connections.Lease lease;
  // Kept only until the connection opens, where it is handed to the credential watcher.
  private Identity identity;
  private volatile CredentialWatcher.Watch watch;
  // Presence channels (docs/presence.md); null until the first one, as most connections use none.
  private volatile Memberships presence;

  /**
   * A session for {@code identity} from {@code address} writing through {@code out}; with
   * {@code commands} it takes protocol commands ({@link #onCommand}).
   */
  public ClientSession(SessionContext context, Identity identity, String address, boolean commands, SessionOutput out) {
    super(out);
    this.context = context;
    this.identity = identity;
    // A public-only token subscribes and receives as an anonymous client (ChannelScopes.reader).
    this.login = ChannelScopes.reader(identity);
    this.scopes = identity.scopes();
    this.address = address;
    this.flood = commands ? new CommandFloodGuard(context.settings().commandBurst()) : null;
  }

  /**
   * Takes the connection's place within the limits and starts watching its credential; false
   * (counted) when its user or address is at the limit: the transport refuses it.
   */
  public boolean open() {
    Connections.Lease l = context.connections().tryOpen(this, login, address);
    if (l == null) {
      context.metrics().rejected("too_many_connections");
      return false;
    }
    login = l.login();
    address = l.address();
    lease = l;
    String protocol = out.protocol();
    if (protocol != null) {
      // First, before any command can be answered: the transport reads nothing until open returns.
      out.send(Outgoing.control(Replies.welcome(protocol, login)));
    }
    watch = context.credentials().watch(identity, this);
    identity = null;
    if (closed != 0) {
      cancelWatch();
    }
    return true;
  }

  /**
   * Holds a place in the replay budget while channels are subscribed with {@code since}; null
   * when the budget refuses (nothing subscribed yet).
   */
  public ReplayHold holdReplays() {
    return context.hub().holdReplays(this, address);
  }

  /** One text command (protocol v1): size limit, rate limit, JSON, then the command itself. */
  public void onCommand(String text) {
    if (lease == null || closed != 0) {
      return;
    }
    int max = context.settings().wsMaxMessageBytes();
    if (text.length() > max || (text.length() * 3L > max && text.getBytes(StandardCharsets.UTF_8).length > max)) {
      reject(ErrorCode.MESSAGE_TOO_LARGE, "Messages may be at most " + max + " bytes", null, peekId(text));
      close(CloseReason.MESSAGE_TOO_LARGE);
      return;
    }
    CommandFloodGuard.Verdict verdict = flood.take(context.settings().commandRate(), context.settings().commandBurst());
    if (verdict != CommandFloodGuard.Verdict.ACCEPT) {
      reject(ErrorCode.RATE_LIMITED, "Too many commands; at most " + (long) context.settings().commandRate()
          + " a second (burst " + context.settings().commandBurst() + ")", null, peekId(text));
      if (verdict == CommandFloodGuard.Verdict.CLOSE) {
        close(CloseReason.COMMAND_FLOOD);
      }
      return;
    }
    JsonNode root;
    try {
      root = context.json().readTree(text);
    } catch (JsonProcessingException e) {
      reject(ErrorCode.BAD_REQUEST, "Commands must be JSON objects such as {\"type\":\"ping\"}", null, peekId(text));
      return;
    }
    handle(Command.parse(root));
  }

  /** The command's {@code id} when one can be read without parsing the whole command (see {@link CommandIds}). */
  private JsonNode peekId(String text) {
    return CommandIds.peek(context.json().getFactory(), text);
  }

  /** A binary message: not part of the protocol. */
  public void onBinary() {
    reject(ErrorCode.BAD_REQUEST, "Binary messages are not supported; send JSON text", null, null);
  }

  private void handle(Command command) {
    if (command.error() != null) {
      reject(command.error(), command.message(), command.channel(), command.id());
      return;
    }
    try {
      switch (command.type()) {
        case "ping" -> out.send(Outgoing.control(Replies.pong(command.id())));
        case "subscribe" -> subscribe(command);
        case "unsubscribe" -> unsubscribe(command);
        case "typing" -> typing(command);
        default -> reject(ErrorCode.UNKNOWN_TYPE, "Unknown command type", null, command.id());
      }
    } catch (RuntimeException e) {
      log.error("Command {} on {} failed", command.type(), command.channel(), e);
      reject(ErrorCode.INTERNAL, "The server could not handle the command; try again", command.channel(), command.id());
    }
  }

  private void subscribe(Command command) {
    JsonNode id = command.id();
    if (PresenceChannel.claims(command.channel())) {
      subscribePresence(command);
      return;
    }
    Channel channel = Channels.parse(command.channel()).orElse(null);
    if (channel == null) {
      refuse(ChannelChecks.badChannel(command.channel(), false), command.channel(), id);
      return;
    }
    Subscription existing = subscriptions.get(channel.name());
    int max = context.settings().maxSubscriptions();
    if (existing == null && subscriptions.size() >= max) {
      reject(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "At most " + max + " subscriptions per connection", channel.name(), id);
      return;
    }
    Refusal refusal = context.checks().authorize(login, scopes, channel, false);
    if (refusal != null) {
      refuse(refusal, channel.name(), id);
      if (refusal.probe() && ++forbidden >= context.maxForbidden()) {
        close(CloseReason.TOO_MANY_FORBIDDEN);
      }
      return;
    }
    // A resume takes a place in the replay budget first, so a refusal leaves the old subscription.
    ReplayHold hold = null;
    if (command.since() != null) {
      hold = holdReplays();
      if (hold == null) {
        rejectReplay(channel.name(), id);
        return;
      }
    }
    try {
      if (existing != null) {
        // A second subscribe (typically with since after a gap) replaces the first, and drops
        // what is left of the first one's replay.
        subscriptions.remove(existing);
        context.hub().unsubscribe(existing);
      }
      start(channel, command.since(), id);
    } catch (ReplayRefusedException e) {
      rejectReplay(channel.name(), id);
    } finally {
      if (hold != null) {
        hold.close();
      }
    }
  }

  /**
   * Subscribes every channel of a plain-HTTP request (already checked by the transport), in order.
   *
   * @throws RuntimeException when the log cannot be read; what was subscribed stays until release
   */
  public void subscribeAll(List<SubscribeRequest> channels) {
    for (SubscribeRequest r : channels) {
      start(r.channel(), r.since(), null);
    }
  }

  /** Registers, answers {@code subscribed}, then starts: the answer always precedes the first event. */
  private void start(Channel channel, ChannelPosition since, JsonNode id) {
    Subscribing starting = context.hub().subscribe(this, channel, since);
    try {
      out.subscribed(starting.start(), id);
    } finally {
      Subscription s = context.hub().begin(starting);
      subscriptions.put(s);
      if (closed != 0) {
        context.hub().unsubscribe(s);
      }
    }
  }

  private void unsubscribe(Command command) {
    if (PresenceChannel.claims(command.channel())) {
      Memberships p = presence;
      Member m = p == null ? null : p.remove(command.channel());
      if (m != null) {
        context.presence().leave(m);
      }
      out.send(Outgoing.control(Replies.unsubscribed(command.channel(), command.id())));
      return;
    }
    Subscription s = subscriptions.remove(command.channel());
    if (s != null) {
      context.hub().unsubscribe(s);
    }
    out.send(Outgoing.control(Replies.unsubscribed(command.channel(), command.id())));
  }

  /** A presence channel: the repository's read access, then this node's presence (docs/presence.md). */
  private void subscribePresence(Command command) {
    JsonNode id = command.id();
    PresenceChannel channel = PresenceChannel.parse(command.channel());
    if (channel == null || context.presence() == null) {
      reject(ErrorCode.BAD_CHANNEL, "Not a presence channel; use presence:{owner}/{name}/issues/{n} or "
          + "presence:{owner}/{name}/pulls/{n}", command.channel(), id);
      return;
    }
    if (command.since() != null) {
      reject(ErrorCode.BAD_REQUEST, "Presence channels keep no history: subscribe without since", channel.name(), id);
      return;
    }
    Refusal refusal = context.checks().authorize(login, scopes, channel.repository(), false);
    if (refusal != null) {
      reject(refusal.code(), refusal.message(), channel.name(), id);
      if (refusal.probe() && ++forbidden >= context.maxForbidden()) {
        close(CloseReason.TOO_MANY_FORBIDDEN);
      }
      return;
    }
    Memberships p = presence;
    if (p == null) {
      p = new Memberships();
      presence = p;
    }
    Member existing = p.remove(channel.name());
    if (existing != null) {
      context.presence().leave(existing);
    }
    int max = context.presence().settings().maxPerConnection();
    if (p.size() >= max) {
      reject(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "At most " + max + " presence channels per connection", channel.name(), id);
      return;
    }
    Member m = context.presence().join(channel, this, id);
    if (m == null) {
      reject(ErrorCode.RATE_LIMITED, "Too many viewers on this thread; try again later", channel.name(), id);
      return;
    }
    p.add(m);
    if (closed != 0 && p.remove(channel.name()) != null) {
      context.presence().leave(m);
    }
  }

  /** {@code typing} on a presence channel this connection is subscribed to. */
  private void typing(Command command) {
    Memberships p = presence;
    Member m = p == null ? null : p.get(command.channel());
    if (m == null) {
      reject(ErrorCode.BAD_REQUEST, "Subscribe to the presence channel before sending typing", command.channel(), command.id());
    } else if (!context.presence().typing(m, () -> typingLimited(command))) {
      typingLimited(command);
    }
  }

  /** A typing refused by the throttle: now, or later when another node had taken the interval. */
  private void typingLimited(Command command) {
    reject(ErrorCode.RATE_LIMITED, "At most one typing message per " + context.presence().settings().typingInterval().toMillis()
        + " ms per user and thread", command.channel(), command.id());
  }

  @Override
  public void presenceRevoked(Member member) {
    Memberships p = presence;
    if (p != null && p.remove(member)) {
      out.ended(member.channel(), ErrorCode.FORBIDDEN, "access revoked");
    }
  }

  private void rejectReplay(String channel, JsonNode id) {
    reject(ErrorCode.RATE_LIMITED, "Too many resumes in progress from this address or on this server; subscribe with "
        + "since again in a few seconds", channel, id);
  }

  private void refuse(Refusal refusal, String channel, JsonNode id) {
    reject(refusal.code(), refusal.message(), channel, id);
  }

  private void reject(ErrorCode code, String message, String channel, JsonNode id) {
    context.metrics().rejected(code.code());
    out.send(Outgoing.control(Replies.error(code, message, channel, id)));
  }

  @Override
  public void revoked(String channel) {
    forget(channel);
    out.ended(channel, ErrorCode.FORBIDDEN, "access revoked");
  }

  @Override
  public void replayFailed(String channel) {
    forget(channel);
    out.ended(channel, ErrorCode.REPLAY_INTERRUPTED, "History was removed while it was replayed; subscribe again with since");
  }

  /** Drops the subscription to {@code channel} that the hub has ended (not a newer one). */
  private void forget(String channel) {
    Subscription s = subscriptions.get(channel);
    if (s != null && !s.active()) {
      subscriptions.remove(s);
    }
  }

  /** The credential of the connection was revoked: ends it for good (4501, SSE notice, poll 401). */
  @Override
  public void credentialsRevoked() {
    // Unsubscribed at once (release), so nothing that is published from now on reaches the client.
    close(CloseReason.CREDENTIALS_REVOKED);
  }

  @Override
  public void shutdown() {
    close(CloseReason.SHUTDOWN);
  }

  /** Has the transport end the connection with its signal for {@code reason}, and ends the session. */
  public void close(CloseReason reason) {
    out.close(reason);
    release();
  }

  /**
   * Ends every subscription, gives back the connection's place and stops watching its
   * credential; the connection is gone or going. Idempotent.
   */
  public void release() {
    if (!CLOSED.compareAndSet(this, 0, 1)) {
      return;
    }
    for (Subscription s : subscriptions.clear()) {
      context.hub().unsubscribe(s);
    }
    Memberships p = presence;
    if (p != null) {
      for (Member m : p.clear()) {
        context.presence().leave(m);
      }
    }
    Connections.Lease l = lease;
    if (l != null) {
      l.release();
    }
    cancelWatch();
  }

  private void cancelWatch() {
    CredentialWatcher.Watch w = watch;
    if (w != null) {
      w.cancel();
    }
  }

  @Override
  public String login() {
    return login;
  }

  /** The remote address (once open, the registry's key for it, e.g. an IPv6 /64). */
  public String address() {
    return address;
  }

  @Override
  public String transport() {
    return out.transport();
  }

  @Override
  public void keepAlive() {
    out.keepAlive();
  }

  @Override
  public boolean isOpen() {
    return out.isOpen();
  }

  @Override
  public String toString() {
    return "ClientSession[" + out.transport() + " " + login + "@" + address + "]";
  }
}
