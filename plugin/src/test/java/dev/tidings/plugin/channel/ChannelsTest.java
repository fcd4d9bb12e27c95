package dev.tidings.plugin.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.channel.Channels.Channel;
import org.junit.jupiter.api.Test;

/** Channel names: the three kinds, their parts, and what is not a channel. */
class ChannelsTest {

  @Test
  void parsesEachKindWithItsParts() {
    assertThat(Channels.parse("repo:alice/demo")).contains(new Channel(Channel.Kind.REPO, "repo:alice/demo", "alice", "demo", null));
    assertThat(Channels.parse("repo:alice/demo/prs").orElseThrow().scope()).isEqualTo("prs");
    assertThat(Channels.parse("repo:alice/demo/issues").orElseThrow().repository()).isEqualTo("alice/demo");
    assertThat(Channels.parse("user:bob")).contains(new Channel(Channel.Kind.USER, "user:bob", "bob", null, null));
    assertThat(Channels.parse("org:acme").orElseThrow().kind()).isEqualTo(Channel.Kind.ORG);
    assertThat(Channels.parse("org:acme").orElseThrow().repository()).isNull();
  }

  @Test
  void refusesWhatIsNotAChannel() {
    for (String name : new String[] {"", "repo:alice", "repo:alice/demo/commits", "repo:-x/demo", "team:x", "user:",
        "USER:bob", "repo:alice/demo/", "org:a b", "repo:" + "a".repeat(101) + "/b"}) {
      assertThat(Channels.parse(name)).as(name).isEmpty();
    }
    assertThat(Channels.parse(null)).isEmpty();
    assertThat(Channels.parse("repo:" + "a".repeat(100) + "/" + "b".repeat(100) + "/issues")).as("longest valid").isPresent();
  }
}
