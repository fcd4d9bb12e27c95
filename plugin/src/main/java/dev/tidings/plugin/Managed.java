package dev.tidings.plugin;

/** A part of the plugin with a life: started in binding order, stopped in reverse. */
public interface Managed {

  /** Starts threads, opens files, registers with the host. */
  void start() throws Exception;

  /** Releases everything {@link #start()} took; must not throw for things already closed. */
  void stop() throws Exception;
}
