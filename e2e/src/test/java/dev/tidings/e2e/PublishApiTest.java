package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6: {@code POST /plugins/tidings/api/publish} through the drop-in jar reaches a subscriber
 * like a push does; a core event name, a reader without write access and anonymous calls are refused
 * with 4xx and nothing is stored or delivered (the channel's offsets stay consecutive).
 */
class PublishApiTest {
  private static final String CHANNEL = "repo:alice/demo";
  private static final String PATH = "plugins/tidings/api/publish";

  @Test
  void aPublishedEventReachesSubscribersAndForgedOrUnauthorisedOnesAreRefused(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"));
        WsClient watcher = WsClient.connect(host.wsUri(), "bob", "tidings-bob")) {
      JsonNode subscribed = watcher.subscribeOk(CHANNEL);
      long start = subscribed.path("offset").asLong();
      Rest alice = Rest.alice(host);

      Rest.Answer ok = alice.post(PATH,
          "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.status\",\"data\":{\"state\":\"success\"}}");
      assertThat(ok.status()).as("%s", ok).isEqualTo(201);
      assertThat(ok.json().path("offset").asLong()).isEqualTo(start + 1);
      assertThat(ok.json().path("epoch").asText()).isEqualTo(subscribed.path("epoch").asText());
      String id = ok.json().path("id").asText();
      Received got = watcher.await("the published ci.status", m -> m.isEventOn(CHANNEL)
          && m.json().path("id").asText().equals(id));
      assertThat(got.json().path("event").asText()).isEqualTo("ci.status");
      assertThat(got.json().path("offset").asLong()).isEqualTo(start + 1);
      assertThat(got.json().path("data").path("state").asText()).isEqualTo("success");

      // Refused: a core name (forging a push), bob without write access, nobody signed in, a user: channel.
      Rest.Answer forged = alice.post(PATH,
          "{\"channel\":\"repo:alice/demo\",\"event\":\"push\",\"data\":{\"ref\":\"refs/heads/main\"}}");
      assertThat(forged.status()).as("%s", forged).isEqualTo(422);
      assertThat(forged.json().path("code").asText()).isEqualTo("reserved_name");
      assertThat(forged.json().path("message").asText()).isNotEmpty();
      Rest.Answer fromBob = Rest.bob(host).post(PATH,
          "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.status\",\"data\":{\"state\":\"failure\"}}");
      assertThat(fromBob.status()).as("%s", fromBob).isEqualTo(403);
      Rest.Answer anonymous = Rest.anonymous(host).post(PATH,
          "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.status\",\"data\":{\"state\":\"failure\"}}");
      assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
      Rest.Answer userChannel = alice.post(PATH, "{\"channel\":\"user:bob\",\"event\":\"ci.status\",\"data\":{}}");
      assertThat(userChannel.status()).as("%s", userChannel).isEqualTo(400);

      // A second valid event lands right after the first: nothing refused was stored in between.
      Rest.Answer next = alice.post(PATH,
          "{\"channel\":\"repo:alice/demo\",\"event\":\"custom.deploy\",\"data\":{\"env\":\"staging\"}}");
      assertThat(next.status()).as("%s", next).isEqualTo(201);
      assertThat(next.json().path("offset").asLong()).isEqualTo(start + 2);
      String nextId = next.json().path("id").asText();
      watcher.await("the second published event", m -> m.json().path("id").asText().equals(nextId));
      watcher.roundTrip();
      List<Received> events = watcher.events(CHANNEL);
      assertThat(events).extracting(m -> m.json().path("event").asText()).containsExactly("ci.status", "custom.deploy");
      assertThat(events).extracting(m -> m.json().path("offset").asLong()).containsExactly(start + 1, start + 2);
      assertThat(events).noneSatisfy(m -> assertThat(m.json().path("data").path("state").asText()).isEqualTo("failure"));
    }
  }
}
