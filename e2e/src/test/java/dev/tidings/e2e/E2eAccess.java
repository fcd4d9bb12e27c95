package dev.tidings.e2e;

import java.nio.file.Path;

/**
 * A public door to {@link E2eHost} for tests in sub-packages (e.g. {@code security}): starts the
 * demo host with the drop-in jar and hands back its base URL and a way to stop it.
 */
public final class E2eAccess {

  /** A running host: {@code baseUrl} ends with a slash; {@link #close()} stops it. */
  public record Running(AutoCloseable host, String baseUrl) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      host.close();
    }
  }

  private E2eAccess() {}

  /** Starts the demo host under {@code root} (skips the test when the drop-in jar is missing). */
  public static Running start(Path root) throws Exception {
    E2eHost host = E2eHost.start(root.resolve("host"));
    return new Running(host, host.baseUrl());
  }
}
