package dev.tidings.plugin.log;

/** Where a channel stands: its epoch and the offset of its latest event (0 when it has none). */
public record ChannelPosition(String epoch, long offset) {}
