package dev.tidings.plugin.log;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The log's read queries, on a read connection of the calling thread. */
final class LogQueries {

  private LogQueries() {}

  /** Count, first offset and payload bytes of the entries of a gap, without reading the events. */
  record GapStats(long count, long firstOffset, long payloadBytes) {}

  /**
   * Count, first offset and payload bytes of a channel's entries in (after, upTo]. octet_length
   * reads the stored size from the record header, not the data (a gap may be gigabytes of it).
   */
  static GapStats gapStats(Connection c, String channel, long after, long upTo) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*), MIN(en.channel_offset), "
            + "COALESCE(SUM(octet_length(ev.data) + octet_length(ev.id) + octet_length(ev.type)), 0) "
            + "FROM entries en JOIN events ev ON ev.id = en.event_id "
            + "WHERE en.channel = ? AND en.channel_offset > ? AND en.channel_offset <= ?")) {
      ps.setString(1, channel);
      ps.setLong(2, after);
      ps.setLong(3, upTo);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new GapStats(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  /**
   * A channel's entries in (after, upTo] in offset order, at most {@code maxEvents}, and none after
   * the one that reaches {@code maxBytes} of envelopes.
   */
  static List<ChannelEvent> readRange(Connection c, String channel, String epoch, long after, long upTo,
      int maxEvents, long maxBytes) throws SQLException {
    List<ChannelEvent> out = new ArrayList<>((int) Math.min(Math.min(upTo - after, maxEvents), 10_000));
    long bytes = 0;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT en.channel_offset, ev.id, ev.type, ev.repository, ev.ts, ev.data "
            + "FROM entries en JOIN events ev ON ev.id = en.event_id "
            + "WHERE en.channel = ? AND en.channel_offset > ? AND en.channel_offset <= ? "
            + "ORDER BY en.channel_offset LIMIT ?")) {
      ps.setString(1, channel);
      ps.setLong(2, after);
      ps.setLong(3, upTo);
      ps.setLong(4, maxEvents);
      try (ResultSet rs = ps.executeQuery()) {
        // Rows are stepped one at a time: stopping at the byte bound reads no further.
        while (bytes < maxBytes && rs.next()) {
          long offset = rs.getLong(1);
          String id = rs.getString(2);
          String type = rs.getString(3);
          long ts = rs.getLong(5);
          byte[] data = rs.getString(6).getBytes(StandardCharsets.UTF_8);
          ChannelEvent e = new ChannelEvent(channel, epoch, offset, id, type, ts, rs.getString(4),
              Envelopes.build(channel, offset, type, id, data, ts));
          out.add(e);
          bytes += e.envelope().length;
        }
      }
    }
    return out;
  }
}
