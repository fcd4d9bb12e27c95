package dev.tidings.plugin.log;

import dev.tidings.plugin.lifecycle.Phase;
import dev.samplehost.api.Directory;
import dev.samplehost.api.PluginContext;
import dev.samplehost.api.ReceiveHooks;
import dev.samplehost.api.Registration;
import dev.samplehost.api.events.HostEvents;
import dev.tidings.hooks.EventSink;
import dev.tidings.hooks.HostEventTranslator;
import dev.tidings.hooks.MentionExtractor;
import dev.tidings.hooks.PushEventHook;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.config.TidingsConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects the host to the pipeline: a {@link PushEventHook} on every push and a
 * {@link HostEventTranslator} for issue, pull request and repository events; removes both on stop.
 */
@Singleton
public final class HookRegistrar implements Managed {

  private final ReceiveHooks receiveHooks;
  private final HostEvents hostEvents;
  private final Directory directory;
  private final PluginContext context;
  private final EventSink sink;
  private final int countCap;
  private final List<Registration> registrations = new ArrayList<>();

  @Inject
  HookRegistrar(ReceiveHooks receiveHooks, HostEvents hostEvents, Directory directory, PluginContext context,
      EventSink sink, TidingsConfig config) {
    this.receiveHooks = receiveHooks;
    this.hostEvents = hostEvents;
    this.directory = directory;
    this.context = context;
    this.sink = sink;
    this.countCap = config.getInt("push.maxCountedCommits", PushEventHook.DEFAULT_COUNT_CAP);
  }

  @Override
  public Phase phase() {
    return Phase.INGRESS;
  }

  @Override
  public synchronized void start() {
    MentionExtractor mentions = new MentionExtractor(directory);
    registrations.add(receiveHooks.addPostReceiveHook(
        PushEventHook.factory(sink, mentions, context.baseUrl(), countCap)));
    registrations.add(hostEvents.addListener(new HostEventTranslator(sink, mentions, context.baseUrl())));
  }

  @Override
  public synchronized void stop() {
    for (Registration r : registrations) {
      r.remove();
    }
    registrations.clear();
  }
}
