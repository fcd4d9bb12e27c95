package dev.tidings.plugin.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Identity;
import dev.samplehost.api.Scopes;
import dev.samplehost.api.UserRef;
import dev.samplehost.api.events.HostEvents;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.HostFake;
import dev.tidings.plugin.hub.Hub;
import dev.tidings.plugin.hub.HubMetrics;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.hub.HubTimer;
import dev.tidings.plugin.hub.MemoryLog;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.testing.support.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The protocol engine driven directly, with a recording transport: no sockets, no host. */
class ClientSessionTest {

  private final MemoryLog log = new MemoryLog();
  private final HostFake host = new HostFake();
  private Hub hub;
  private SessionContext context;

  private void start(String... settings) throws Exception {
    host.repo("alice", "demo", false);
    host.repo("acme", "secret", true, "alice");
    Properties p = new Properties();
    p.setProperty("ws.maxForbidden", "3");
    for (int i = 0; i < settings.length; i += 2) {
      p.setProperty(settings[i], settings[i + 1]);
    }
    TidingsConfig config = new TidingsConfig(p);
    HubSettings hubSettings = HubSettings.from(config);
    HubMetrics metrics = new HubMetrics(new SimpleMeterRegistry());
    ChannelAuthorizer authorizer = new ChannelAuthorizer(host, host);
    Broker broker = new Broker() {
      @Override
      public void publish(ChannelEvent event) {}

      @Override
      public void onEvent(Consumer<ChannelEvent> receiver) {}
    };
    hub = new Hub(log, broker, authorizer, hubSettings, metrics);
    hub.start();
    Connections connections = new Connections(hubSettings, metrics, config);
    Authenticator authenticator = new Authenticator() {
      @Override
      public Identity authenticate(Request request) {
        return Identity.anonymous();
      }

      @Override
      public boolean isCurrent(Identity identity) {
        return true;
      }
    };
    HostEvents events = listener -> () -> {};
    context = new SessionContext(hub, new ChannelChecks(authorizer), connections, hubSettings, metrics,
        new HubTimer(connections, hubSettings), new ObjectMapper(), new CredentialWatcher(authenticator, events, config),
        config.getInt("ws.maxForbidden", 100));
  }

  @AfterEach
  void stop() throws Exception {
    if (hub != null) {
      hub.stop();
    }
  }

  private static Identity user(String login) {
    return user(login, Scopes.unrestricted());
  }

  private static Identity user(String login, Scopes scopes) {
    return new Identity(Optional.of(new UserRef(login.length(), login, "", login + "@example.com", false)),
        AuthMethod.TOKEN, scopes, Optional.of("token:" + login));
  }

  private ClientSession open(Identity identity, RecordingOutput out) {
    ClientSession session = new ClientSession(context, identity, "192.0.2.1", true, out);
    assertThat(session.open()).isTrue();
    return session;
  }

  /** Another session on {@code channel}: when it has received an event, the hub has dispatched it. */
  private RecordingOutput witnessOf(String channel) {
    RecordingOutput witness = new RecordingOutput();
    open(Identity.anonymous(), witness).onCommand("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
    return witness;
  }

  private static void await(BooleanSupplier condition) {
    Await.isTrue("the session's output", condition);
  }

  @Test
  void pingIsAnsweredWithPongEchoingTheId() throws Exception {
    start();
    RecordingOutput out = new RecordingOutput();
    open(Identity.anonymous(), out).onCommand("{\"type\":\"ping\",\"id\":7}");
    assertThat(out.texts()).containsExactly("{\"type\":\"pong\",\"id\":7}");
  }

  @Test
  void subscribeAnswersSubscribedAndThenDeliversLiveEvents() throws Exception {
    start();
    log.add("repo:alice/demo", "alice/demo");
    RecordingOutput out = new RecordingOutput();
    open(Identity.anonymous(), out).onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"id\":\"a\"}");
    assertThat(out.texts()).containsExactly(
        "{\"type\":\"subscribed\",\"channel\":\"repo:alice/demo\",\"epoch\":\"e1\",\"offset\":1,\"id\":\"a\"}");
    hub.publish(log.add("repo:alice/demo", "alice/demo"));
    await(() -> out.eventOffsets().equals(List.of(2L)));
  }

  @Test
  void subscribeWithSinceReplaysTheGapAfterTheSubscribedAnswer() throws Exception {
    start();
    for (int i = 0; i < 5; i++) {
      log.add("repo:alice/demo", "alice/demo");
    }
    RecordingOutput out = new RecordingOutput();
    open(Identity.anonymous(), out).onCommand(
        "{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"since\":{\"epoch\":\"e1\",\"offset\":2}}");
    assertThat(out.texts().get(0))
        .isEqualTo("{\"type\":\"subscribed\",\"channel\":\"repo:alice/demo\",\"epoch\":\"e1\",\"offset\":5,\"recovered\":true}");
    assertThat(out.eventOffsets()).containsExactly(3L, 4L, 5L);
    assertThat(out.sent.get(0).offset()).as("the answer stands at since until the replay moves it").isEqualTo(2);
  }

  @Test
  void aSinceFromAnotherEpochIsNotRecoveredAndReplaysNothing() throws Exception {
    start();
    log.add("repo:alice/demo", "alice/demo");
    RecordingOutput out = new RecordingOutput();
    open(Identity.anonymous(), out).onCommand(
        "{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"since\":{\"epoch\":\"old\",\"offset\":0}}");
    assertThat(out.texts()).containsExactly(
        "{\"type\":\"subscribed\",\"channel\":\"repo:alice/demo\",\"epoch\":\"e1\",\"offset\":1,\"recovered\":false}");
  }

  @Test
  void unsubscribeAnswersAndStopsDelivery() throws Exception {
    start();
    RecordingOutput out = new RecordingOutput();
    ClientSession session = open(Identity.anonymous(), out);
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\"}");
    session.onCommand("{\"type\":\"unsubscribe\",\"channel\":\"repo:alice/demo\",\"id\":1}");
    assertThat(out.last()).isEqualTo("{\"type\":\"unsubscribed\",\"channel\":\"repo:alice/demo\",\"id\":1}");
    RecordingOutput witness = witnessOf("repo:alice/demo");
    hub.publish(log.add("repo:alice/demo", "alice/demo"));
    // One dispatch serves every subscriber of the event: once the witness has it, so would we.
    await(() -> !witness.eventOffsets().isEmpty());
    assertThat(out.eventOffsets()).isEmpty();
  }

  @Test
  void malformedCommandsGetTheirErrorCodes() throws Exception {
    start();
    RecordingOutput out = new RecordingOutput();
    ClientSession session = open(Identity.anonymous(), out);
    session.onCommand("not json");
    assertThat(out.last()).contains("\"code\":\"bad_request\"").contains("Commands must be JSON objects");
    session.onCommand("{\"type\":\"dance\",\"id\":2}");
    assertThat(out.last()).contains("\"code\":\"unknown_type\"").contains("'dance'").contains("\"id\":2");
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"nope\"}");
    assertThat(out.last()).isEqualTo("{\"type\":\"error\",\"code\":\"bad_channel\",\"message\":\"Not a channel name; use "
        + "repo:{owner}/{name}[/prs|/issues], user:{login} or org:{org}\",\"channel\":\"nope\",\"retry\":false}");
    assertThat(out.closed).isEmpty();
  }

  @Test
  void aConnectionHoldsAtMostMaxSubscriptionsButMayReplaceOne() throws Exception {
    start("hub.maxSubscriptions", "1");
    RecordingOutput out = new RecordingOutput();
    ClientSession session = open(user("alice"), out);
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\"}");
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:acme/secret\"}");
    assertThat(out.last()).contains("\"code\":\"too_many_subscriptions\"").contains("At most 1 subscriptions per connection");
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\"}");
    assertThat(out.last()).startsWith("{\"type\":\"subscribed\",\"channel\":\"repo:alice/demo\"");
  }

  @Test
  void scopesAreCheckedBeforeReadAccessAndDoNotCountAsProbes() throws Exception {
    start();
    RecordingOutput out = new RecordingOutput();
    ClientSession session = open(user("alice", Scopes.of(List.of("read:notification"))), out);
    for (int i = 0; i < 5; i++) {
      session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:acme/secret\"}");
    }
    assertThat(out.last()).contains("\"code\":\"forbidden\"").contains("The token lacks the");
    assertThat(out.closed).isEmpty();
  }

  @Test
  void refusedSubscribesCloseTheConnectionAtMaxForbidden() throws Exception {
    start();
    RecordingOutput out = new RecordingOutput();
    ClientSession session = open(Identity.anonymous(), out);
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:acme/secret\"}");
    assertThat(out.last()).contains("\"code\":\"forbidden\"").contains("Not allowed, or no such channel\"");
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"user:bob\"}");
    assertThat(out.last()).contains("\"code\":\"unauthenticated\"").contains("Sign in to subscribe to user:bob");
    assertThat(out.closed).isEmpty();
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"org:acme\"}");
    assertThat(out.closed).containsExactly(CloseReason.TOO_MANY_FORBIDDEN);
    session.onCommand("{\"type\":\"ping\"}");
    assertThat(out.last()).as("a closed session takes no more commands").contains("unauthenticated");
  }

  @Test
  void commandsBeyondTheRateAreRefusedAndAFloodCloses() throws Exception {
    start("ws.commandRate", "1", "ws.commandBurst", "2");
    RecordingOutput out = new RecordingOutput();
    ClientSession session = open(Identity.anonymous(), out);
    session.onCommand("{\"type\":\"ping\"}");
    session.onCommand("{\"type\":\"ping\"}");
    session.onCommand("{\"type\":\"ping\"}");
    assertThat(out.last()).contains("\"code\":\"rate_limited\"").contains("\"retry\":true");
    session.onCommand("{\"type\":\"ping\"}");
    assertThat(out.closed).isEmpty();
    session.onCommand("{\"type\":\"ping\"}");
    assertThat(out.closed).containsExactly(CloseReason.COMMAND_FLOOD);
  }

  @Test
  void anOversizeCommandIsRefusedAndCloses() throws Exception {
    start("ws.maxMessageBytes", "64");
    RecordingOutput out = new RecordingOutput();
    open(Identity.anonymous(), out).onCommand("{\"type\":\"ping\",\"id\":\"" + "x".repeat(100) + "\"}");
    assertThat(out.last()).contains("\"code\":\"message_too_large\"").contains("at most 64 bytes");
    assertThat(out.closed).containsExactly(CloseReason.MESSAGE_TOO_LARGE);
  }

  @Test
  void lostReadAccessEndsTheChannelWithForbiddenThenUnsubscribed() throws Exception {
    start();
    RecordingOutput out = new RecordingOutput();
    ClientSession session = open(user("alice"), out);
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:acme/secret\"}");
    host.readers.get("acme/secret").remove("alice");
    hub.publish(log.add("repo:acme/secret", "acme/secret"));
    await(() -> out.texts().size() == 3);
    assertThat(out.texts().subList(1, 3)).containsExactly(
        "{\"type\":\"error\",\"code\":\"forbidden\",\"message\":\"access revoked\",\"channel\":\"repo:acme/secret\",\"retry\":false}",
        "{\"type\":\"unsubscribed\",\"channel\":\"repo:acme/secret\"}");
    assertThat(out.eventOffsets()).isEmpty();
    // The channel's place is free again: subscribing anew is a fresh subscription.
    host.readers.get("acme/secret").add("alice");
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:acme/secret\"}");
    assertThat(out.last()).startsWith("{\"type\":\"subscribed\"");
  }

  @Test
  void revokedCredentialsReleaseEverythingAndClose() throws Exception {
    start();
    RecordingOutput out = new RecordingOutput();
    ClientSession session = open(user("alice"), out);
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\"}");
    assertThat(context.connections().size()).isEqualTo(1);
    session.credentialsRevoked();
    assertThat(out.closed).containsExactly(CloseReason.CREDENTIALS_REVOKED);
    assertThat(context.connections().size()).isZero();
    RecordingOutput witness = witnessOf("repo:alice/demo");
    hub.publish(log.add("repo:alice/demo", "alice/demo"));
    await(() -> !witness.eventOffsets().isEmpty());
    assertThat(out.eventOffsets()).isEmpty();
  }

  @Test
  void aUserAtTheConnectionLimitIsRefused() throws Exception {
    start("hub.maxConnectionsPerUser", "1");
    open(user("alice"), new RecordingOutput());
    ClientSession second = new ClientSession(context, user("alice"), "192.0.2.2", true, new RecordingOutput());
    assertThat(second.open()).isFalse();
  }

  @Test
  void plainHttpChannelsSubscribeInOrderEachAnsweredFirst() throws Exception {
    start();
    log.add("repo:alice/demo", "alice/demo");
    log.add("repo:alice/demo", "alice/demo");
    RecordingOutput out = new RecordingOutput();
    ClientSession session = new ClientSession(context, user("alice"), "192.0.2.1", false, out);
    assertThat(session.open()).isTrue();
    session.subscribeAll(List.of(
        new SubscribeRequest(Channels.parse("repo:alice/demo").orElseThrow(), new ChannelPosition("e1", 1)),
        new SubscribeRequest(Channels.parse("repo:acme/secret").orElseThrow(), null)));
    assertThat(out.texts()).hasSize(3);
    assertThat(out.texts().get(0)).startsWith("{\"type\":\"subscribed\",\"channel\":\"repo:alice/demo\"");
    assertThat(out.eventOffsets()).containsExactly(2L);
    assertThat(out.texts().get(2)).startsWith("{\"type\":\"subscribed\",\"channel\":\"repo:acme/secret\"");
  }

  @Test
  void aClientThatNegotiatedAVersionIsWelcomedFirstOthersAreNot() throws Exception {
    start();
    RecordingOutput versioned = new RecordingOutput();
    versioned.protocol = ProtocolVersions.V1;
    open(user("alice"), versioned).onCommand("{\"type\":\"ping\",\"id\":1}");
    assertThat(versioned.texts()).containsExactly(
        "{\"type\":\"welcome\",\"protocol\":\"tidings.v1\",\"user\":\"alice\"}", "{\"type\":\"pong\",\"id\":1}");
    RecordingOutput anonymous = new RecordingOutput();
    anonymous.protocol = ProtocolVersions.V1;
    open(Identity.anonymous(), anonymous);
    assertThat(anonymous.texts()).containsExactly("{\"type\":\"welcome\",\"protocol\":\"tidings.v1\",\"user\":null}");
    RecordingOutput legacy = new RecordingOutput();
    open(Identity.anonymous(), legacy).onCommand("{\"type\":\"ping\"}");
    assertThat(legacy.texts()).as("a client that named no version gets no welcome").containsExactly("{\"type\":\"pong\"}");
  }

  @Test
  void everyReplyToACommandCarriesItsIdRateLimitedIncluded() throws Exception {
    start("ws.commandRate", "1", "ws.commandBurst", "2", "ws.maxMessageBytes", "200", "hub.maxSubscriptions", "1");
    RecordingOutput out = new RecordingOutput();
    ClientSession session = open(user("alice"), out);
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"id\":\"s\"}");
    assertThat(out.last()).startsWith("{\"type\":\"subscribed\"").endsWith(",\"id\":\"s\"}");
    session.onCommand("{\"type\":\"subscribe\",\"channel\":\"repo:acme/secret\",\"id\":\"t\"}");
    assertThat(out.last()).contains("\"code\":\"too_many_subscriptions\"").endsWith(",\"id\":\"t\"}");
    // The bucket (burst 2) is empty now: the next command is rate-limited, and still answered with its id.
    session.onCommand("{\"pad\":{\"id\":\"nested\"},\"id\":42,\"type\":\"ping\"}");
    assertThat(out.last()).contains("\"code\":\"rate_limited\"").endsWith(",\"id\":42}");
    session.onCommand("{\"type\":\"ping\",\"id\":\"r2\"}");
    assertThat(out.last()).contains("\"code\":\"rate_limited\"").endsWith(",\"id\":\"r2\"}");
  }

  @Test
  void malformedAndOversizeCommandsEchoAnIdThatCanBeRead() throws Exception {
    start("ws.maxMessageBytes", "64");
    RecordingOutput out = new RecordingOutput();
    ClientSession session = open(Identity.anonymous(), out);
    session.onCommand("{\"id\":\"j\",\"type\":\"ping\",,}");
    assertThat(out.last()).contains("\"code\":\"bad_request\"").endsWith(",\"id\":\"j\"}");
    session.onCommand("{\"type\":\"ping\" oops");
    assertThat(out.last()).as("no id before the error: none echoed").contains("\"code\":\"bad_request\"").doesNotContain("\"id\"");
    session.onCommand("{\"type\":\"nope\",\"id\":3}");
    assertThat(out.last()).contains("\"code\":\"unknown_type\"").endsWith(",\"id\":3}");
    session.onCommand("{\"type\":\"subscribe\",\"id\":4}");
    assertThat(out.last()).contains("\"code\":\"bad_request\"").endsWith(",\"id\":4}");
    session.onCommand("{\"type\":\"subscribe\",\"id\":5,\"channel\":\"repo:a/b\",\"since\":7}");
    assertThat(out.last()).contains("\"code\":\"bad_request\"").endsWith(",\"id\":5}");
    session.onCommand("{\"id\":\"big\",\"type\":\"ping\",\"pad\":\"" + "x".repeat(100) + "\"}");
    assertThat(out.last()).contains("\"code\":\"message_too_large\"").endsWith(",\"id\":\"big\"}");
  }
}
