package dev.tidings.plugin.cluster.redis;

import java.util.List;

/**
 * One event as the fan-out stream carries it to every node: its positions, header and body, and
 * its fan-out sequence number ({@code seq}, +1 per entry; 0 when the entry has none).
 */
public record FanOutEntry(String id, long seq, List<StreamPosition> positions, String header, String body) {}
