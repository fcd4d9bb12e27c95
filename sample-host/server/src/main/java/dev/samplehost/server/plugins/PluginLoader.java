package dev.samplehost.server.plugins;

import com.google.inject.Injector;
import com.google.inject.Module;
import dev.samplehost.api.Plugin;
import dev.samplehost.api.PluginContext;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugin jars (each in its own class loader, entry point found by ServiceLoader) and
 * in-process plugins, starts each with a Guice child injector of the host's injector, and stops
 * them in reverse order. A plugin that fails to load or start is logged and skipped.
 */
public final class PluginLoader {
  private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
  private final Injector hostInjector;
  private final Path pluginDataRoot;
  private final String baseUrl;
  private final List<LoadedPlugin> started = Collections.synchronizedList(new ArrayList<>());

  /** A loader creating child injectors of {@code hostInjector}; plugin data goes under {@code pluginDataRoot/{name}}. */
  public PluginLoader(Injector hostInjector, Path pluginDataRoot, String baseUrl) {
    this.hostInjector = hostInjector;
    this.pluginDataRoot = pluginDataRoot;
    this.baseUrl = baseUrl;
  }

  /** Loads and starts every {@code *.jar} of {@code dir} (sorted by file name); a missing dir is fine. */
  public void loadJars(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      LOG.info("No plugins folder at {}", dir);
      return;
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(dir)) {
      jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      LOG.error("Cannot list plugins folder {}: {}", dir, e.getMessage());
      return;
    }
    for (Path jar : jars) {
      loadJar(jar);
    }
  }

  private void loadJar(Path jar) {
    try (java.util.jar.JarFile check = new java.util.jar.JarFile(jar.toFile())) {
      check.size();
    } catch (IOException e) {
      LOG.error("Skipping plugin jar {}: not a readable jar ({})", jar.getFileName(), e.getMessage());
      return;
    }
    PluginClassLoader loader;
    try {
      loader = new PluginClassLoader("plugin:" + jar.getFileName(), jar.toUri().toURL(), PluginLoader.class.getClassLoader());
    } catch (MalformedURLException e) {
      LOG.error("Skipping plugin jar {}: {}", jar, e.getMessage());
      return;
    }
    List<Plugin> plugins = new ArrayList<>();
    try {
      for (ServiceLoader.Provider<Plugin> provider : ServiceLoader.load(Plugin.class, loader).stream().toList()) {
        // ServiceLoader also returns the host's own providers: keep only this jar's (pitfall 12).
        if (provider.type().getClassLoader() == loader) {
          plugins.add(provider.get());
        }
      }
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      LOG.error("Skipping plugin jar {}: cannot load its entry point: {}", jar.getFileName(), e.toString());
      closeQuietly(loader);
      return;
    }
    if (plugins.isEmpty()) {
      LOG.error("Skipping plugin jar {}: no {} in META-INF/services", jar.getFileName(), Plugin.class.getName());
      closeQuietly(loader);
      return;
    }
    boolean any = false;
    for (Plugin plugin : plugins) {
      any |= start(plugin, loader, jar.getFileName().toString());
    }
    if (!any) {
      closeQuietly(loader);
    }
  }

  /** Starts an in-process plugin (tests); returns whether it started. */
  public boolean startInProcess(Plugin plugin) {
    return start(plugin, plugin.getClass().getClassLoader(), "in-process");
  }

  private boolean start(Plugin plugin, ClassLoader loader, String source) {
    String name;
    try {
      name = withLoader(loader, plugin::name);
    } catch (Exception | LinkageError e) {
      LOG.error("Skipping plugin {} from {}: name() failed: {}", plugin.getClass().getName(), source, e.toString());
      return false;
    }
    if (name == null || !NAME.matcher(name).matches()) {
      LOG.error("Skipping plugin {} from {}: invalid name '{}' (need [a-z0-9-]+)", plugin.getClass().getName(), source, name);
      return false;
    }
    if (injector(name).isPresent()) {
      LOG.error("Skipping plugin {} from {}: a plugin named '{}' is already started", plugin.getClass().getName(), source, name);
      return false;
    }
    try {
      Path data = pluginDataRoot.resolve(name);
      Files.createDirectories(data);
      PluginContext context = new PluginContext(name, data, baseUrl);
      Injector child = withLoader(loader, () -> {
        Module module = plugin.module(context);
        return hostInjector.createChildInjector(module);
      });
      withLoader(loader, () -> {
        plugin.start(child);
        return null;
      });
      started.add(new LoadedPlugin(name, plugin, child, loader, source));
      LOG.info("Started plugin {} ({}) from {}", name, plugin.getClass().getName(), source);
      return true;
    } catch (Exception | LinkageError e) {
      LOG.error("Plugin {} from {} failed to start; skipped", name, source, e);
      try {
        withLoader(loader, () -> {
          plugin.stop();
          return null;
        });
      } catch (Exception | LinkageError stopError) {
        LOG.debug("Stopping the failed plugin {} failed too", name, stopError);
      }
      return false;
    }
  }

  /** The child injector of the started plugin {@code name}. */
  public Optional<Injector> injector(String name) {
    synchronized (started) {
      return started.stream().filter(p -> p.name().equals(name)).map(LoadedPlugin::injector).findFirst();
    }
  }

  /** The started plugins in start order. */
  public List<LoadedPlugin> plugins() {
    synchronized (started) {
      return List.copyOf(started);
    }
  }

  /** Stops every plugin in reverse start order and closes their class loaders. */
  public void stopAll() {
    List<LoadedPlugin> list;
    synchronized (started) {
      list = new ArrayList<>(started);
      started.clear();
    }
    Collections.reverse(list);
    for (LoadedPlugin p : list) {
      try {
        withLoader(p.classLoader(), () -> {
          p.plugin().stop();
          return null;
        });
        LOG.info("Stopped plugin {}", p.name());
      } catch (Exception | LinkageError e) {
        LOG.warn("Plugin {} failed to stop cleanly", p.name(), e);
      }
    }
    // Only after every plugin stopped: one jar may hold several plugins sharing one loader.
    list.stream().map(LoadedPlugin::classLoader).distinct()
        .forEach(l -> {
          if (l instanceof PluginClassLoader pcl) {
            closeQuietly(pcl);
          }
        });
  }

  private static <T> T withLoader(ClassLoader loader, Callable<T> action) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // Helps third-party libraries during start; plugin code must still not rely on it.
    thread.setContextClassLoader(loader);
    try {
      return action.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void closeQuietly(PluginClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      LOG.debug("Closing {} failed", loader.getName(), e);
    }
  }
}
