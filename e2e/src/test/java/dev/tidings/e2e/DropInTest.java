package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import com.google.inject.Key;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1: the built jar dropped into the plugins folder is loaded by its own class loader with
 * its shaded libraries, answers {@code /plugins/tidings/health}, and serves metrics to admins only.
 */
class DropInTest {

  @Test
  void theDropInJarIsLoadedFromThePluginsFolderAndServesHealthAndMetrics(@TempDir Path temp) throws Exception {
    E2eHost.assumePluginJar();
    try (JarFile jar = new JarFile(E2eHost.PLUGIN_JAR.toFile())) {
      assertThat(jar.getEntry("META-INF/services/dev.samplehost.api.Plugin")).as("plugin service entry").isNotNull();
      assertThat(jar.getEntry("dev/tidings/shaded/jackson/databind/ObjectMapper.class")).as("relocated Jackson").isNotNull();
      assertThat(jar.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class")).as("unrelocated Jackson").isNull();
      assertThat(jar.getEntry("org/sqlite/JDBC.class")).as("bundled sqlite-jdbc").isNotNull();
      assertThat(jar.getEntry("dev/samplehost/api/Plugin.class")).as("the host API is not bundled").isNull();
      assertThat(jar.getEntry("dev/tidings/shaded/lettuce/core/RedisClient.class")).as("relocated Lettuce").isNotNull();
      assertThat(jar.getEntry("dev/tidings/shaded/netty/channel/Channel.class")).as("relocated Netty").isNotNull();
      assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/") || n.startsWith("reactor/")
          || n.startsWith("org/reactivestreams/") || n.startsWith("redis/")).toList())
          .as("no unrelocated Lettuce, Netty or Reactor class").isEmpty();
      assertThat(jar.getEntry("dev/tidings/shaded/angus/mail/smtp/SMTPTransport.class")).as("relocated Angus Mail").isNotNull();
      assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("jakarta/mail/")
          || n.startsWith("jakarta/activation/") || n.startsWith("org/eclipse/angus/")).toList())
          .as("no unrelocated Jakarta Mail, Activation or Angus class").isEmpty();
    }

    try (E2eHost host = E2eHost.start(temp)) {
      assertThat(host.server().pluginNames()).containsExactly("tidings");
      Injector plugin = host.server().pluginInjector("tidings").orElseThrow();
      List<Class<?>> pluginTypes = plugin.getBindings().keySet().stream()
          .map(Key::getTypeLiteral).<Class<?>>map(t -> t.getRawType())
          .filter(c -> c.getName().startsWith("dev.tidings.")).toList();
      assertThat(pluginTypes).as("plugin bindings").isNotEmpty();
      ClassLoader pluginLoader = pluginTypes.get(0).getClassLoader();
      // The e2e class path also holds the plugin's classes (for build order); the host must not use them.
      assertThat(pluginLoader).isNotSameAs(DropInTest.class.getClassLoader());
      assertThat(pluginLoader.getClass().getName()).isEqualTo("dev.samplehost.server.plugins.PluginClassLoader");
      assertThat(pluginTypes).allSatisfy(c -> assertThat(c.getClassLoader()).isSameAs(pluginLoader));
      Class<?> shadedMapper = pluginLoader.loadClass("dev.tidings.shaded.jackson.databind.ObjectMapper");
      assertThat(shadedMapper.getClassLoader()).isSameAs(pluginLoader);
      assertThat(pluginTypes).as("the plugin binds its shaded Jackson").contains(shadedMapper);
      assertThat(pluginLoader.loadClass("org.sqlite.JDBC").getClassLoader()).isSameAs(pluginLoader);

      Rest.Answer health = Rest.anonymous(host).get("plugins/tidings/health");
      assertThat(health.status()).as("%s", health).isEqualTo(200);
      assertThat(health.json().path("status").asText()).isEqualTo("up");

      Rest.Answer metrics = Rest.alice(host).get("plugins/tidings/metrics");
      assertThat(metrics.status()).as("%s", metrics).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(metrics.body()).contains("# TYPE ").contains("tidings_events_committed");

      Rest.Answer anonymous = Rest.anonymous(host).get("plugins/tidings/metrics");
      assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
      assertThat(anonymous.body()).doesNotContain("# TYPE");
      Rest.Answer bob = Rest.bob(host).get("plugins/tidings/metrics");
      assertThat(bob.status()).as("%s", bob).isEqualTo(403);
      assertThat(bob.body()).doesNotContain("# TYPE");
    }
  }
}
