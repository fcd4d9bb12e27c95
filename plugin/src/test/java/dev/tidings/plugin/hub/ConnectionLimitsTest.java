package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.config.TidingsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Finding L2: per-address limits count an IPv6 client by its /64, and anonymous connections have a global cap. */
class ConnectionLimitsTest {

  private static Connections connections(String... settings) {
    Properties p = new Properties();
    for (int i = 0; i + 1 < settings.length; i += 2) {
      p.setProperty(settings[i], settings[i + 1]);
    }
    TidingsConfig config = new TidingsConfig(p);
    return new Connections(HubSettings.from(config), new HubMetrics(new SimpleMeterRegistry()), config);
  }

  private static Connection conn() {
    return new Connection() {
      @Override
      public String transport() {
        return "ws";
      }

      @Override
      public void shutdown() {}
    };
  }

  @Test
  void ipv6AddressesCountPerSlash64AndIpv4PerAddress() {
    assertThat(AddressKey.of("[2001:db8:1:2:aaaa::1]")).isEqualTo("2001:db8:1:2::/64");
    assertThat(AddressKey.of("2001:db8:1:2:bbbb:cccc:dddd:eeee")).isEqualTo("2001:db8:1:2::/64");
    assertThat(AddressKey.of("[2001:db8:1:3::1]")).isEqualTo("2001:db8:1:3::/64");
    assertThat(AddressKey.of("[fe80::1%eth0]")).isEqualTo("fe80:0:0:0::/64");
    assertThat(AddressKey.of("[::ffff:192.0.2.7]")).isEqualTo("192.0.2.7");
    assertThat(AddressKey.of("192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(AddressKey.of("not-an-address:x")).isEqualTo("not-an-address:x");
    assertThat(AddressKey.of(null)).isNull();

    Connections c = connections("hub.maxConnectionsPerIp", "2");
    assertThat(c.tryOpen(conn(), null, "[2001:db8:1:2::1]")).isNotNull();
    assertThat(c.tryOpen(conn(), null, "[2001:db8:1:2::ffff]")).isNotNull();
    assertThat(c.tryOpen(conn(), null, "[2001:db8:1:2:9:9:9:9]")).as("a third address of the same /64").isNull();
    assertThat(c.tryOpen(conn(), null, "[2001:db8:1:3::1]")).as("another /64").isNotNull();
    assertThat(c.tryOpen(conn(), null, "192.0.2.1")).isNotNull();
    assertThat(c.tryOpen(conn(), null, "192.0.2.2")).as("IPv4 counts per address").isNotNull();
  }

  @Test
  void anonymousConnectionsHaveAGlobalCapThatSignedInUsersDoNotShare() {
    Connections c = connections("hub.maxAnonymousConnections", "2");
    Connections.Lease first = c.tryOpen(conn(), null, "192.0.2.1");
    assertThat(first).isNotNull();
    assertThat(c.tryOpen(conn(), null, "192.0.2.2")).isNotNull();
    assertThat(c.tryOpen(conn(), null, "192.0.2.3")).as("third anonymous connection, any address").isNull();
    assertThat(c.tryOpen(conn(), "alice", "192.0.2.3")).as("signed-in users are not counted").isNotNull();
    first.release();
    first.release();
    assertThat(c.tryOpen(conn(), null, "192.0.2.3")).as("a released place is free again, once").isNotNull();
    assertThat(c.tryOpen(conn(), null, "192.0.2.4")).isNull();
  }
}
