package dev.tidings.plugin.log;

import java.util.List;

/**
 * What one write to the {@link EventStore} committed: its channel entries in offset order and its
 * place in the store's commit order ({@code sequence} 1, 2, 3, ... with no gap; 0 when the write
 * stored nothing), so that whoever publishes can restore that order whatever thread reports it.
 */
public record Committed(long sequence, List<ChannelEvent> events) {

  /** A write that stored nothing (an empty bulk). */
  public static final Committed NOTHING = new Committed(0, List.of());
}
