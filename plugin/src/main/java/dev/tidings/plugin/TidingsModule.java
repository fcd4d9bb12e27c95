package dev.tidings.plugin;

import dev.tidings.plugin.lifecycle.Managed;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.samplehost.api.PluginContext;
import dev.tidings.hooks.EventSink;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.hub.HubModule;
import dev.tidings.plugin.broker.InProcessBrokerModule;
import dev.tidings.plugin.cluster.NodeId;
import dev.tidings.plugin.cluster.redis.RedisModule;
import dev.tidings.plugin.cluster.redis.RedisSettings;
import dev.tidings.plugin.log.LogModule;
import dev.tidings.plugin.log.SqliteLogModule;
import dev.tidings.plugin.notify.wiring.NotifyModule;
import dev.tidings.plugin.pipeline.PipelineModule;
import dev.tidings.plugin.ops.OpsModule;
import dev.tidings.plugin.store.StoreModule;
import dev.tidings.plugin.ui.UiModule;
import dev.tidings.plugin.web.WebModule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's root module: shared singletons (settings, JSON, metrics) and one module per
 * feature. Every binding is explicit so that nothing is created in the host's injector.
 */
final class TidingsModule extends AbstractModule {

  private static final Logger log = LoggerFactory.getLogger(TidingsModule.class);

  private final PluginContext context;
  private final Properties overrides;

  TidingsModule(PluginContext context, Properties overrides) {
    this.context = context;
    this.overrides = overrides;
  }

  @Override
  protected void configure() {
    binder().requireExplicitBindings();
    bind(PluginContext.class).toInstance(context);
    TidingsConfig config = loadConfig();
    bind(TidingsConfig.class).toInstance(config);
    // Managed parts start by their Phase; the install order only orders parts of one phase.
    install(new StoreModule(config));
    install(new LogModule());
    install(eventsModule(config));
    install(new PipelineModule());
    install(new dev.tidings.plugin.admission.AdmissionModule());
    // The hooks' sink: the size guard and mention budget first, then the pipeline.
    bind(EventSink.class).to(dev.tidings.plugin.admission.AdmittingSink.class);
    install(new HubModule());
    install(new dev.tidings.plugin.access.AccessModule());
    install(new dev.tidings.plugin.presence.PresenceModule());
    install(new dev.tidings.plugin.session.SessionModule());
    install(new dev.tidings.plugin.transport.http.HttpTransportModule());
    install(new dev.tidings.plugin.ws.WsModule());
    install(new dev.tidings.plugin.sse.SseModule());
    install(new dev.tidings.plugin.poll.PollModule());
    // broker=redis routes notifications from Redis' work stream (RedisModule), not the journal.
    install(new NotifyModule(!config.getString("broker", "local").equals(RedisSettings.BROKER)));
    install(new OpsModule());
    install(new UiModule());
    install(new WebModule());
  }

  /**
   * Where channel history and the fan-out live, by {@code broker}: unset (or {@code local}) keeps
   * the single-node SQLite log and in-process broker; {@code redis} puts both in Redis.
   */
  private static AbstractModule eventsModule(TidingsConfig config) {
    String broker = config.getString("broker", "local");
    if (broker.equals(RedisSettings.BROKER)) {
      return new RedisModule();
    }
    if (!broker.equals("local")) {
      throw new IllegalArgumentException("broker must be local or redis, not " + broker);
    }
    return new AbstractModule() {
      @Override
      protected void configure() {
        install(new SqliteLogModule());
        install(new InProcessBrokerModule());
      }
    };
  }

  private TidingsConfig loadConfig() {
    try {
      Files.createDirectories(context.dataDirectory());
      return TidingsConfig.load(context.dataDirectory(), overrides);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + TidingsConfig.FILE_NAME, e);
    }
  }

  @Provides
  @Singleton
  ObjectMapper objectMapper() {
    // Modules are registered explicitly: findAndRegisterModules() uses the host's class loader.
    return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /**
   * {@code node.id}, else the id kept in the plugin's data folder: named in {@code /health} on every
   * node, and with {@code broker=redis} the work queue's consumer name and the presence field's node.
   */
  @Provides
  @Singleton
  NodeId nodeId(TidingsConfig config) {
    NodeId id = NodeId.resolve(config.getString("node.id", null), context.dataDirectory());
    log.info("Tidings node id: {}", id);
    return id;
  }

  @Provides
  @Singleton
  PrometheusMeterRegistry prometheusRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  @Provides
  @Singleton
  MeterRegistry meterRegistry(PrometheusMeterRegistry registry) {
    return registry;
  }
}
