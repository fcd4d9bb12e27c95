package dev.samplehost.api;

import com.google.inject.Injector;
import com.google.inject.Module;

/** Entry point of a plugin jar, found through {@code java.util.ServiceLoader}. */
public interface Plugin {

  /** Short name ({@code [a-z0-9-]+}) used for {@code /plugins/{name}/} and the plugin's data folder. */
  String name();

  /**
   * The module installed in the plugin's child injector; it should call
   * {@code binder().requireExplicitBindings()} so that no binding leaks into the host's injector.
   */
  Module module(PluginContext context);

  /** Called once the child injector exists: register hooks, listeners and handlers here. */
  void start(Injector injector) throws Exception;

  /** Called on host shutdown, plugins in reverse start order; must release threads and files. */
  void stop() throws Exception;
}
