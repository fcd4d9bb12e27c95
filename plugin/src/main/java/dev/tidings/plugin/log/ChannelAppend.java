package dev.tidings.plugin.log;

import java.util.Map;

/**
 * One event for exactly one channel in a bulk append ({@link EventLog#appendAllTo}): the channel
 * (e.g. {@code user:bob}), the event type, the repository a subscriber must be able to read (or
 * null) and the event's {@code data} object, serialised once by the log. A value in {@code data}
 * may be a Jackson {@code RawValue} holding JSON that many events share (serialised once by the
 * caller, copied as it is).
 */
public record ChannelAppend(String channel, String type, String repository, Map<String, ?> data) {}
