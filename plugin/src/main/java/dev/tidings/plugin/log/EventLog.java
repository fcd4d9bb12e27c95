package dev.tidings.plugin.log;

import dev.tidings.hooks.TidingsEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The durable, ordered log of events per channel. Each appended event is stored once and gets the
 * next offset (+1) in each of its channels; committed events are handed to the broker.
 */
public interface EventLog {

  /** Appends a repository event to the channels it belongs to (see {@code Channels#of}). */
  CompletableFuture<List<ChannelEvent>> append(TidingsEvent event);

  /**
   * Like {@link #append(TidingsEvent)}; {@code afterPublish} runs once the event is committed and
   * handed to the broker, in commit order, on the log's writer thread: it must only hand work on.
   */
  CompletableFuture<List<ChannelEvent>> append(TidingsEvent event, Consumer<List<ChannelEvent>> afterPublish);

  /** Appends an event to exactly one channel (e.g. {@code user:bob}) with a ready JSON payload. */
  CompletableFuture<ChannelEvent> appendTo(String channel, String type, String repository, String dataJson);

  /** The channel's current epoch and latest offset. */
  ChannelPosition position(String channel);

  /** Everything after {@code offset} in {@code epoch}, or not recovered; never a partial replay. */
  Replay readAfter(String channel, String epoch, long offset);
}
