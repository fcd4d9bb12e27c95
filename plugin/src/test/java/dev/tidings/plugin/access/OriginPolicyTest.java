package dev.tidings.plugin.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.PluginContext;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.config.HubSettings;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  private final OriginPolicy policy;

  OriginPolicyTest() {
    Properties p = new Properties();
    p.setProperty("ws.allowedOrigins", "https://git.example.com, http://dev.local:3000");
    policy = new OriginPolicy(new PluginContext("tidings", Path.of("."), "http://localhost:8080/"),
        HubSettings.from(new TidingsConfig(p)));
  }

  @Test
  void theHostsOwnAndConfiguredOriginsAreAllowed() {
    assertThat(policy.allows("http://localhost:8080")).isTrue();
    assertThat(policy.allows("HTTP://LOCALHOST:8080")).isTrue();
    assertThat(policy.allows("https://git.example.com")).isTrue();
    assertThat(policy.allows("https://git.example.com:443")).isTrue();
    assertThat(policy.allows("http://dev.local:3000")).isTrue();
  }

  @Test
  void foreignNullAndMalformedOriginsAreNot() {
    assertThat(policy.allows("https://evil.example")).isFalse();
    assertThat(policy.allows("http://localhost:8081")).isFalse();
    assertThat(policy.allows("https://localhost:8080")).isFalse();
    assertThat(policy.allows("null")).isFalse();
    assertThat(policy.allows(null)).isFalse();
    assertThat(policy.allows("javascript:alert(1)")).isFalse();
  }

  @Test
  void theHostTheRequestWasSentToCountsAsSameOrigin() {
    assertThat(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
    assertThat(policy.allows("https://git.internal", "git.internal")).isTrue();
    assertThat(policy.allows("https://evil.example", "127.0.0.1:8080")).isFalse();
    assertThat(policy.allows("http://127.0.0.1:9999", "127.0.0.1:8080")).isFalse();
  }
}
