package dev.tidings.plugin.pipeline;

import dev.tidings.plugin.log.ChannelAppend;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.log.Committed;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.plugin.log.EventStore;
import dev.tidings.plugin.log.Replay;
import dev.tidings.plugin.log.ReplayPlan;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link EventLog} the plugin injects: reads go straight to the {@link EventStore}; appends are
 * stored, then published by {@link CommitOrder}, and complete after the publish.
 */
@Singleton
public final class PublishingEventLog implements EventLog {

  private final EventStore store;
  private final CommitOrder order;

  @Inject
  public PublishingEventLog(EventStore store, CommitOrder order) {
    this.store = store;
    this.order = order;
  }

  @Override
  public CompletableFuture<ChannelEvent> appendTo(String channel, String type, String repository, String dataJson) {
    return published(store.appendTo(channel, type, repository, dataJson)).thenApply(c -> c.events().get(0));
  }

  @Override
  public CompletableFuture<ChannelEvent> appendObjectTo(String channel, String type, String repository,
      byte[] objectJson) {
    return published(store.appendObjectTo(channel, type, repository, objectJson)).thenApply(c -> c.events().get(0));
  }

  @Override
  public CompletableFuture<List<ChannelEvent>> appendAllTo(List<ChannelAppend> appends) {
    return published(store.appendAllTo(appends)).thenApply(Committed::events);
  }

  private CompletableFuture<Committed> published(CompletableFuture<Committed> stored) {
    return stored.thenCompose(c -> order.publish(c, null));
  }

  @Override
  public CompletableFuture<Integer> forgetRepository(String owner, String name) {
    return store.forgetRepository(owner, name);
  }

  @Override
  public ChannelPosition position(String channel) {
    return store.position(channel);
  }

  @Override
  public Replay readAfter(String channel, String epoch, long offset) {
    return store.readAfter(channel, epoch, offset);
  }

  @Override
  public ReplayPlan planReplay(String channel, String epoch, long offset, int maxEvents, long maxBytes) {
    return store.planReplay(channel, epoch, offset, maxEvents, maxBytes);
  }

  @Override
  public List<ChannelEvent> readPage(String channel, String epoch, long after, long upTo, int maxEvents,
      long maxBytes) {
    return store.readPage(channel, epoch, after, upTo, maxEvents, maxBytes);
  }
}
