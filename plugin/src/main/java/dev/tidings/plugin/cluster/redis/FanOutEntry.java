package dev.tidings.plugin.cluster.redis;

import java.util.List;

/** One event as the fan-out stream carries it to every node: its positions, header and body. */
public record FanOutEntry(String id, List<StreamPosition> positions, String header, String body) {}
