package dev.tidings.plugin.log;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each channel stands: {@code committed} positions (what readers see, any thread) under
 * {@code pending} ones (offsets handed out in transactions not yet committed; writer thread only).
 * A committed position is advanced only after its commit, so {@link #position} never shows an
 * offset a reader could not find in the database.
 *
 * <p>A channel that was never written answers with the database's epoch and offset 0, so a client
 * that subscribed before the first event resumes without a loss.
 */
final class ChannelPositions {

  private final Map<String, ChannelPosition> committed = new ConcurrentHashMap<>();
  private final Map<String, ChannelPosition> pending = new HashMap<>(); // writer thread only
  private volatile String databaseEpoch;

  /** Loads the database's epoch and every channel's committed position (at start, before any write). */
  void load(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(
        "SELECT meta_value FROM tidings_meta WHERE meta_key = 'log.epoch'")) {
      if (!rs.next()) {
        throw new SQLException("tidings_meta has no log.epoch: migration V1 did not run");
      }
      databaseEpoch = rs.getString(1);
    }
    try (ResultSet rs = c.createStatement().executeQuery("SELECT name, epoch, last_offset FROM channels")) {
      while (rs.next()) {
        committed.put(rs.getString(1), new ChannelPosition(rs.getString(2), rs.getLong(3)));
      }
    }
  }

  /** The epoch new channels get (the database's). */
  String databaseEpoch() {
    return databaseEpoch;
  }

  /** Channels with a committed position. */
  int size() {
    return committed.size();
  }

  /** The committed position of {@code channel}. */
  ChannelPosition position(String channel) {
    ChannelPosition p = committed.get(channel);
    return p != null ? p : new ChannelPosition(databaseEpoch, 0);
  }

  /** Writer thread: the last offset handed out for {@code channel}, committed or not. */
  ChannelPosition latest(String channel) {
    ChannelPosition p = pending.get(channel);
    return p != null ? p : position(channel);
  }

  /** Writer thread: offsets handed out in the open transaction, once all its statements succeeded. */
  void handOut(Map<String, ChannelPosition> assigned) {
    pending.putAll(assigned);
  }

  /** Writer thread, after the commit: readers may now see these entries. */
  void advance(List<ChannelEvent> events) {
    for (ChannelEvent ce : events) {
      committed.put(ce.channel(), new ChannelPosition(ce.epoch(), ce.offset()));
      pending.remove(ce.channel());
    }
  }

  /** Writer thread, after the commit of a reset (a forgotten repository): the channel starts again. */
  void reset(Map<String, ChannelPosition> fresh) {
    fresh.forEach((channel, position) -> {
      committed.put(channel, position);
      pending.remove(channel);
    });
  }

  /** Writer thread, after a rollback: offsets handed out in the undone transaction are free again. */
  void rollback() {
    pending.clear();
  }

  /** Channels holding more than {@code max} offsets, each with the last offset retention may drop. */
  List<Map.Entry<String, Long>> overfull(long max) {
    List<Map.Entry<String, Long>> out = new ArrayList<>();
    committed.forEach((name, p) -> {
      if (p.offset() > max) {
        out.add(Map.entry(name, p.offset() - max));
      }
    });
    return out;
  }
}
