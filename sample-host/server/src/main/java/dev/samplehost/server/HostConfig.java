package dev.samplehost.server;

import java.nio.file.Path;

/**
 * Where the host keeps its data and finds its plugins. {@code pluginDataDir} is null for the
 * default, {@code <data>/plugins-data}; several nodes sharing one data folder give each its own.
 */
public record HostConfig(Path dataDir, Path pluginsDir, Path pluginDataOverride) {

  /** The default layout: plugin data inside the data folder. */
  public HostConfig(Path dataDir, Path pluginsDir) {
    this(dataDir, pluginsDir, null);
  }

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
    return pluginDataOverride != null ? pluginDataOverride : dataDir.resolve("plugins-data");
  }
}
