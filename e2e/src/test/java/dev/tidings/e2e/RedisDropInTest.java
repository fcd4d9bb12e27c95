package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Injector;
import dev.tidings.testing.services.RedisServer;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.Requirements;
import dev.tidings.testing.support.WsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in jar with {@code broker=redis} in its {@code tidings.properties}: the shaded Lettuce
 * and Netty load in the plugin's class loader, and a published event goes through Redis to a client.
 */
class RedisDropInTest {

  private static final String CHANNEL = "repo:alice/demo";

  @Test
  void theDropInJarRunsOnRedis(@TempDir Path temp) throws Exception {
    E2eHost.assumePluginJar();
    Requirements.require(RedisServer.binary().isPresent(),
        "\n\n*** SKIPPED: no redis-server (Debian: apt-get install -y redis-server) ***\n");
    try (RedisServer redis = RedisServer.launch(Files.createDirectories(temp.resolve("redis")))) {
      Path settings = Files.createDirectories(temp.resolve("host/data/plugins-data/tidings"))
          .resolve("tidings.properties");
      Files.writeString(settings, "broker=redis\nredis.url=" + redis.url() + "\nredis.keyPrefix=e2e\n",
          StandardCharsets.UTF_8);
      try (E2eHost host = E2eHost.start(temp.resolve("host"));
          WsClient watcher = WsClient.connect(host.wsUri(), "bob", "tidings-bob")) {
        Injector plugin = host.server().pluginInjector("tidings").orElseThrow();
        Class<?> connections = plugin.getBindings().keySet().stream().map(k -> k.getTypeLiteral().getRawType())
            .filter(c -> c.getName().equals("dev.tidings.plugin.cluster.redis.RedisConnections")).findFirst()
            .orElseThrow(() -> new AssertionError("broker=redis did not bind the Redis connections"));
        ClassLoader pluginLoader = connections.getClassLoader();
        assertThat(pluginLoader.loadClass("dev.tidings.shaded.lettuce.core.RedisClient").getClassLoader())
            .isSameAs(pluginLoader);
        JsonNode subscribed = watcher.subscribeOk(CHANNEL);
        Rest.Answer ok = Rest.alice(host).post("plugins/tidings/api/publish",
            "{\"channel\":\"" + CHANNEL + "\",\"event\":\"ci.status\",\"data\":{\"via\":\"redis\"}}");
        assertThat(ok.status()).as("%s", ok).isEqualTo(201);
        assertThat(ok.json().path("offset").asLong()).isEqualTo(subscribed.path("offset").asLong() + 1);
        Received got = watcher.await("the published event", m -> m.isEventOn(CHANNEL)
            && m.json().path("id").asText().equals(ok.json().path("id").asText()));
        assertThat(got.json().path("data").path("via").asText()).isEqualTo("redis");
        // It went through Redis: the channel's stream holds it.
        assertThat(redis.command("XLEN e2e:stream:{" + CHANNEL + "}")).isEqualTo(":"
            + ok.json().path("offset").asLong());
      }
    }
  }
}
