package dev.tidings.plugin.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Identity;
import dev.samplehost.api.Scopes;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.channel.Channels.Channel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelScopesTest {

  private static Channel channel(String name) {
    return Channels.parse(name).orElseThrow();
  }

  private static Scopes scopes(String... granted) {
    return Scopes.of(List.of(granted));
  }

  @Test
  void eachChannelKindNeedsItsScopes() {
    assertThat(ChannelScopes.refusal(scopes("read:notification"), channel("repo:acme/secret"))).contains("read:repository");
    assertThat(ChannelScopes.refusal(scopes("read:repository"), channel("repo:acme/secret/prs"))).isNull();
    assertThat(ChannelScopes.refusal(scopes("read:repository"), channel("org:acme"))).contains("read:organization");
    assertThat(ChannelScopes.refusal(scopes("read:organization"), channel("org:acme"))).contains("read:repository");
    assertThat(ChannelScopes.refusal(scopes("write:repository", "read:organization"), channel("org:acme"))).isNull();
    assertThat(ChannelScopes.refusal(scopes("read:repository"), channel("user:alice"))).contains("read:notification");
    assertThat(ChannelScopes.refusal(scopes("read:notification"), channel("user:alice"))).isNull();
    assertThat(ChannelScopes.refusal(Scopes.unrestricted(), channel("org:acme"))).isNull();
  }

  @Test
  void publicOnlyTokensStreamAsAnonymousAndGetRepoChannelsOnly() {
    Scopes publicOnly = scopes("public-only", "all");
    assertThat(ChannelScopes.refusal(publicOnly, channel("repo:alice/demo"))).isNull();
    assertThat(ChannelScopes.refusal(publicOnly, channel("org:acme"))).contains("public-only");
    assertThat(ChannelScopes.refusal(publicOnly, channel("user:alice"))).contains("public-only");
    UserRef alice = new UserRef(1, "alice", "Alice", "", false);
    assertThat(ChannelScopes.reader(new Identity(Optional.of(alice), AuthMethod.TOKEN, publicOnly, Optional.empty())))
        .isNull();
    assertThat(ChannelScopes.reader(new Identity(Optional.of(alice), AuthMethod.TOKEN, scopes("all"), Optional.empty())))
        .isEqualTo("alice");
  }
}
