package dev.tidings.plugin;

import dev.tidings.plugin.lifecycle.Managed;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import dev.samplehost.api.Plugin;
import dev.samplehost.api.PluginContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plugin's entry point: builds the Guice module, then starts every {@link Managed} part by phase. */
public final class TidingsPlugin implements Plugin {

  private static final Logger log = LoggerFactory.getLogger(TidingsPlugin.class);

  private final Properties overrides;
  private final List<Managed> started = new ArrayList<>();

  /** Used by the host's ServiceLoader: settings come from {@code tidings.properties}. */
  public TidingsPlugin() {
    this(new Properties());
  }

  /** Settings given here win over {@code tidings.properties} (tests and benchmarks). */
  public TidingsPlugin(Properties overrides) {
    this.overrides = overrides;
  }

  @Override
  public String name() {
    return "tidings";
  }

  @Override
  public Module module(PluginContext context) {
    return new TidingsModule(context, overrides);
  }

  @Override
  public void start(Injector injector) throws Exception {
    Set<Managed> bound = injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() {}));
    // A stable sort: parts of one phase keep their binding order.
    List<Managed> parts = bound.stream().sorted(Comparator.comparing(Managed::phase)).toList();
    for (Managed part : parts) {
      part.start();
      started.add(part);
    }
    log.info("Tidings started ({} parts)", started.size());
  }

  @Override
  public void stop() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).stop();
      } catch (Exception e) {
        log.warn("Stopping {} failed", started.get(i).getClass().getSimpleName(), e);
      }
    }
    started.clear();
  }
}
