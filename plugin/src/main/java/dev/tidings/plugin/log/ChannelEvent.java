package dev.tidings.plugin.log;

/**
 * An event as committed to one channel: its place in the channel ({@code epoch}, {@code offset})
 * and the complete wire envelope {@code {"type":"event",...}} serialised once as UTF-8 bytes,
 * shared by every subscriber; {@code repository} ({@code owner/name}, or null) is what a
 * subscriber must be able to read at delivery time.
 */
public record ChannelEvent(
    String channel, String epoch, long offset, String eventId, String type, long timestamp,
    String repository, byte[] envelope) {}
