package dev.tidings.plugin.log;

import java.util.List;

/**
 * The answer to "what happened on a channel after epoch E, offset N": every event after N in
 * order ({@code recovered}), or nothing at all when the gap is beyond retention or the epoch differs.
 */
public record Replay(boolean recovered, ChannelPosition position, List<ChannelEvent> events) {}
