/**
 * The sample host's extension API: everything a plugin jar may see of the Git server and hook into.
 *
 * <p>A plugin jar names its {@link dev.samplehost.api.Plugin} in
 * {@code META-INF/services/dev.samplehost.api.Plugin}. The host loads it in its own class loader,
 * creates a Guice child injector from {@link dev.samplehost.api.Plugin#module} (the parent binds every
 * service interface of this package) and calls {@link dev.samplehost.api.Plugin#start}.
 */
package dev.samplehost.api;
