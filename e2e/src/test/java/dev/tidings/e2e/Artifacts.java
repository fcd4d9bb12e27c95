package dev.tidings.e2e;

import java.nio.file.Path;

/**
 * The built artifacts under test. The build (failsafe, after package) copies them from the reactor to
 * {@code e2e/target/artifacts/} and names them in system properties; run from an IDE after a
 * {@code mvn package}, the tests fall back to the modules' own target folders.
 */
public final class Artifacts {
  /** The Tidings drop-in jar (the plugin module's shaded {@code dropin} artifact). */
  public static final Path PLUGIN_JAR = located("tidings.e2e.pluginJar", "../plugin/target/tidings-plugin.jar");
  /** The runnable sample host (the host's shaded {@code all} artifact). */
  public static final Path HOST_JAR = located("tidings.e2e.hostJar", "../sample-host/server/target/sample-host.jar");

  /** The command line watcher (the cli module's shaded jar). */
  public static final Path CLI_JAR = located("tidings.e2e.cliJar", "../cli/target/tidings-cli.jar");

  private Artifacts() {}

  private static Path located(String property, String fallback) {
    String path = System.getProperty(property);
    return Path.of(path == null || path.isBlank() ? fallback : path);
  }
}
