package dev.samplehost.api;

/** Handle for something a plugin registered; {@link #remove()} undoes the registration. */
@FunctionalInterface
public interface Registration extends AutoCloseable {

  /** Removes the registration; calling it twice does nothing. */
  void remove();

  @Override
  default void close() {
    remove();
  }
}
