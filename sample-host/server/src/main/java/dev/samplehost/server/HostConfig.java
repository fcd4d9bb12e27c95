package dev.samplehost.server;

import java.nio.file.Path;

/** Where the host keeps its data and finds its plugins. */
public record HostConfig(Path dataDir, Path pluginsDir) {

  /** The SQLite file. */
  public Path databaseFile() {
    return dataDir.resolve("host.db");
  }

  /** Root of the bare repositories. */
  public Path repositoriesDir() {
    return dataDir.resolve("repositories");
  }

  /** Root of the plugins' data folders. */
  public Path pluginDataDir() {
    return dataDir.resolve("plugins-data");
  }
}
