package dev.tidings.plugin.presence;

import java.util.ArrayList;
import java.util.List;

/**
 * The presence channels one connection is in (at most {@code presence.maxPerConnection}); made
 * on the first presence subscribe, so connections that never use presence pay one null field.
 * Guarded by its own lock: commands and revocations come from different threads.
 */
public final class Memberships {

  private final List<Member> members = new ArrayList<>(2);

  /** The member for {@code channel}, or null. */
  public synchronized Member get(String channel) {
    for (Member m : members) {
      if (m.channel().equals(channel)) {
        return m;
      }
    }
    return null;
  }

  /** How many channels. */
  public synchronized int size() {
    return members.size();
  }

  /** Adds {@code m}. */
  public synchronized void add(Member m) {
    members.add(m);
  }

  /** Removes and returns the member for {@code channel}, or null. */
  public synchronized Member remove(String channel) {
    Member m = get(channel);
    if (m != null) {
      members.remove(m);
    }
    return m;
  }

  /** Removes {@code m} (not a newer member of the same channel); true when it was here. */
  public synchronized boolean remove(Member m) {
    return members.remove(m);
  }

  /** Removes and returns all. */
  public synchronized List<Member> clear() {
    List<Member> all = new ArrayList<>(members);
    members.clear();
    return all;
  }
}
