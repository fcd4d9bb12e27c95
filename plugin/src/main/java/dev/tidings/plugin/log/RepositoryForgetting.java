package dev.tidings.plugin.log;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of {@link EventStore#forgetRepository}, on the writer thread: removes the entries of a
 * deleted repository's channels and starts each of them again at offset 0 in a fresh epoch, and
 * removes its events from its organisation's channel, which keeps its numbering (the holes make a
 * replay across them answer recovered:false rather than show them again).
 */
final class RepositoryForgetting {

  private static final SecureRandom EPOCHS = new SecureRandom();

  /** What one forget removed, and the channels' fresh positions to publish after the commit. */
  record Result(int removed, Map<String, ChannelPosition> reset) {}

  private RepositoryForgetting() {}

  static Result run(Connection c, String owner, String name, ChannelPositions positions) throws SQLException {
    String repo = "repo:" + owner + "/" + name;
    // Every stored spelling of the names (the host compares names without case).
    List<String> channels = new ArrayList<>();
    List<String> orgs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT name FROM channels WHERE name = ? COLLATE NOCASE OR name = ? COLLATE NOCASE "
            + "OR name = ? COLLATE NOCASE OR name = ? COLLATE NOCASE")) {
      ps.setString(1, repo);
      ps.setString(2, repo + "/prs");
      ps.setString(3, repo + "/issues");
      ps.setString(4, "org:" + owner);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String n = rs.getString(1);
          (n.regionMatches(true, 0, "org:", 0, 4) ? orgs : channels).add(n);
        }
      }
    }
    List<String> eventIds = new ArrayList<>();
    Map<String, ChannelPosition> reset = new LinkedHashMap<>();
    try (PreparedStatement del = c.prepareStatement("DELETE FROM entries WHERE channel = ? RETURNING event_id");
        PreparedStatement epoch = c.prepareStatement("UPDATE channels SET epoch = ?, last_offset = 0 WHERE name = ?")) {
      for (String channel : channels) {
        del.setString(1, channel);
        LogRetention.collect(del, eventIds);
        String fresh = freshEpoch();
        epoch.setString(1, fresh);
        epoch.setString(2, channel);
        epoch.executeUpdate();
        ChannelPosition p = new ChannelPosition(fresh, 0);
        reset.put(channel, p);
        // Later work of the same group commit must number from the fresh start.
        positions.handOut(Map.of(channel, p));
      }
    }
    try (PreparedStatement del = c.prepareStatement(
        "DELETE FROM entries WHERE channel = ? AND event_id IN (SELECT en.event_id FROM entries en "
            + "JOIN events ev ON ev.id = en.event_id WHERE en.channel = ? AND ev.repository = ? COLLATE NOCASE) "
            + "RETURNING event_id")) {
      for (String channel : orgs) {
        del.setString(1, channel);
        del.setString(2, channel);
        del.setString(3, owner + "/" + name);
        LogRetention.collect(del, eventIds);
      }
    }
    LogRetention.deleteUnreferenced(c, eventIds);
    return new Result(eventIds.size(), reset);
  }

  private static String freshEpoch() {
    byte[] b = new byte[4];
    EPOCHS.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
