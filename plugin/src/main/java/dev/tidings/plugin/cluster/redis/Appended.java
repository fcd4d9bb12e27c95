package dev.tidings.plugin.cluster.redis;

import java.util.List;

/** What one atomic append committed: a position per channel, and the fan-out entry's stream ID. */
public record Appended(List<StreamPosition> positions, String fanoutId) {}
