package dev.samplehost.api;

import java.nio.file.Path;

/**
 * What the host tells a plugin about its place: its name, a private data folder, and the host's
 * public base URL (always ending with {@code /}, like Gitea's AppURL).
 */
public record PluginContext(String name, Path dataDirectory, String baseUrl) {}
