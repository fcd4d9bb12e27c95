package dev.tidings.plugin.lifecycle;

/**
 * A part of the plugin with a life. Parts start by {@link #phase()} (then in binding order within a
 * phase) and stop in reverse, so a part may rely on every part of an earlier phase being up.
 */
public interface Managed {

  /** When this part starts relative to the others. */
  Phase phase();

  /** Starts threads, opens files, registers with the host. */
  void start() throws Exception;

  /** Releases everything {@link #start()} took; must not throw for things already closed. */
  void stop() throws Exception;
}
