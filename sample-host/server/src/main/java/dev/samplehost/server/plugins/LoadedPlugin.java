package dev.samplehost.server.plugins;

import com.google.inject.Injector;
import dev.samplehost.api.Plugin;

/** A started plugin: the instance, its child injector and the class loader (null for in-process plugins). */
public record LoadedPlugin(String name, Plugin plugin, Injector injector, ClassLoader classLoader, String source) {}
