package dev.tidings.plugin.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The log's inserts, on the writer thread only: one event row per event, one entry row per event
 * and channel with the channel's next offset, one channel row per distinct channel. A single
 * append is the bulk of one row: the statements are bound in one place.
 */
final class LogInserts {

  /** Rows per executeBatch (bounds the driver's buffered parameters). */
  private static final int BATCH = 1000;

  /** An event as stored (its data already serialised) and the channels it goes to. */
  record Row(String id, String type, String repository, String actor, long timestamp, byte[] data,
      List<String> channels) {}

  private final ChannelPositions positions;
  private final Clock clock;
  private Statements statements; // writer thread only

  LogInserts(ChannelPositions positions, Clock clock) {
    this.positions = positions;
    this.clock = clock;
  }

  /**
   * Inserts {@code rows} in order, each entry at the next offset of its channel; the offsets are
   * handed out only once every statement succeeded, so a failure leaves none behind.
   */
  List<ChannelEvent> insert(Connection c, List<Row> rows) throws SQLException {
    Statements st = statements(c);
    Map<String, ChannelPosition> assigned = new LinkedHashMap<>();
    List<ChannelEvent> out = new ArrayList<>(rows.size());
    int pendingRows = 0;
    try {
      for (Row e : rows) {
        st.event.setString(1, e.id());
        st.event.setString(2, e.type());
        st.event.setString(3, e.repository());
        st.event.setString(4, e.actor());
        st.event.setLong(5, e.timestamp());
        st.event.setBytes(6, e.data());
        st.event.addBatch();
        for (String name : e.channels()) {
          ChannelPosition before = assigned.get(name);
          if (before == null) {
            before = positions.latest(name);
          }
          long offset = before.offset() + 1;
          assigned.put(name, new ChannelPosition(before.epoch(), offset));
          st.entry.setString(1, name);
          st.entry.setLong(2, offset);
          st.entry.setString(3, e.id());
          st.entry.setLong(4, e.timestamp());
          st.entry.addBatch();
          out.add(new ChannelEvent(name, before.epoch(), offset, e.id(), e.type(), e.timestamp(), e.repository(),
              Envelopes.build(name, offset, e.type(), e.id(), e.data(), e.timestamp())));
        }
        if (++pendingRows % BATCH == 0) {
          st.event.executeBatch();
          st.entry.executeBatch();
        }
      }
      st.event.executeBatch();
      st.entry.executeBatch();
      long now = clock.millis();
      int n = 0;
      for (Map.Entry<String, ChannelPosition> a : assigned.entrySet()) {
        st.channel.setString(1, a.getKey());
        st.channel.setString(2, a.getValue().epoch());
        st.channel.setLong(3, a.getValue().offset());
        st.channel.setLong(4, now);
        st.channel.addBatch();
        if (++n % BATCH == 0) {
          st.channel.executeBatch();
        }
      }
      st.channel.executeBatch();
    } catch (SQLException | RuntimeException failure) {
      // The statements are reused by the next work: leave no half-built batch behind.
      st.event.clearBatch();
      st.entry.clearBatch();
      st.channel.clearBatch();
      throw failure;
    }
    positions.handOut(assigned);
    return out;
  }

  /** The insert statements, prepared once per writer connection. */
  private Statements statements(Connection c) throws SQLException {
    Statements st = statements;
    if (st == null || st.connection != c || c.isClosed()) {
      st = new Statements(c,
          // The data goes in as its UTF-8 bytes and SQLite reads them as TEXT (the database's
          // encoding), with no detour through a Java String and back (two copies per event).
          c.prepareStatement("INSERT INTO events (id, type, repository, actor, ts, data) "
              + "VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT))"),
          c.prepareStatement("INSERT INTO entries (channel, channel_offset, event_id, ts) VALUES (?, ?, ?, ?)"),
          c.prepareStatement("INSERT INTO channels (name, epoch, last_offset, created_at) VALUES (?, ?, ?, ?) "
              + "ON CONFLICT (name) DO UPDATE SET last_offset = excluded.last_offset"));
      statements = st;
    }
    return st;
  }

  /** Prepared statements bound to one writer connection. */
  private record Statements(
      Connection connection, PreparedStatement event, PreparedStatement entry, PreparedStatement channel) {}
}
