package dev.tidings.plugin.log;

import dev.tidings.hooks.TidingsEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, ordered log of events per channel, as storage: each appended event is stored once
 * and gets the next offset (+1) in each of its channels. It only stores and reports what it
 * committed; publishing is the pipeline's job, and only the pipeline writes here, so that every
 * {@link Committed#sequence} reaches it.
 *
 * <p>The futures complete on the database's writer thread right after the commit, in commit
 * order: stages chained with non-async methods run there, so keep them short.
 */
public interface EventStore extends ChannelHistory {

  /** Stores a repository event on the channels it belongs to (see {@code Channels#of}) and in the journal. */
  CompletableFuture<Committed> append(TidingsEvent event);

  /** Stores an event on exactly one channel (e.g. {@code user:bob}) with a ready JSON object. */
  CompletableFuture<Committed> appendTo(String channel, String type, String repository, String dataJson);

  /**
   * Like {@link #appendTo}, for data that is already the UTF-8 bytes of one JSON object written
   * by Jackson: stored as they are, not parsed again. The bytes must not change afterwards.
   */
  CompletableFuture<Committed> appendObjectTo(String channel, String type, String repository, byte[] objectJson);

  /**
   * Stores many single-channel events in one write, in list order: all or none, each at the next
   * offset of its channel (a channel may appear several times). An invalid channel, type or data
   * fails the whole call and stores nothing.
   */
  CompletableFuture<Committed> appendAllTo(List<ChannelAppend> appends);

  /** See {@link EventLog#forgetRepository}. */
  CompletableFuture<Integer> forgetRepository(String owner, String name);
}
