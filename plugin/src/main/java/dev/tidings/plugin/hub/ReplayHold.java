package dev.tidings.plugin.hub;

/**
 * A connection's place in the replay budget, held by a transport while it subscribes channels
 * with {@code since} (so the budget is checked once per request, before anything is answered);
 * the replays themselves keep the place until they end. {@link #close()} is idempotent.
 */
public interface ReplayHold extends AutoCloseable {

  @Override
  void close();
}
