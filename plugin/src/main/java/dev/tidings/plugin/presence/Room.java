package dev.tidings.plugin.presence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.plugin.hub.Outgoing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

/**
 * One thread's presence on this node: the connections that view it ({@link Member}s, one per tab)
 * and the visible users among them, each with its tab count (three tabs are one viewer), its
 * pending leave (the grace that hides a reload) and its last typing broadcast; and the visible
 * users other nodes reported ({@code remote}). A user shows while they are local or remote.
 * Everything is held by the live members and goes with them: its size is bounded by connections,
 * never by client input. One lock per room; sends never block, so messages go out under it, in
 * order. {@link Listener} calls happen under the lock too and must only hand the work on.
 */
final class Room {

  /** Told when a local user starts or stops showing (for the other nodes). */
  interface Listener {
    void joined(Room room, String login);

    void left(Room room, String login);

    /** Calls {@link Room#flushTyping} after the typing batch delay. */
    void flushLater(Room room);
  }

  /** A visible user's state; a viewer with no tabs left is waiting out its leave grace. */
  static final class Viewer {
    int tabs;
    long lastTyping = Long.MIN_VALUE / 2;
    ScheduledFuture<?> leaving;
  }

  final PresenceChannel channel;
  private final Listener listener;
  private final List<Member> members = new ArrayList<>();
  private final Map<String, Viewer> viewers = new HashMap<>();
  // Visible users on other nodes; small (one entry per remote user), replaced on each refresh.
  private Set<String> remote = new HashSet<>();
  // Who typed since the last typing message (null when nobody): one message per batch for all.
  private Set<String> typists;

  Room(PresenceChannel channel, Listener listener) {
    this.channel = channel;
    this.listener = listener;
  }

  /** Null when the room is full; otherwise the member, already sent its subscribed answer and the snapshot. */
  synchronized Member join(Member m, int maxMembers, JsonNode id) {
    if (members.size() >= maxMembers) {
      return null;
    }
    members.add(m);
    m.client.send(PresenceMessages.subscribed(channel.name(), id));
    if (m.visible) {
      Viewer v = viewers.get(m.login);
      if (v == null) {
        v = new Viewer();
        viewers.put(m.login, v);
        if (!remote.contains(m.login)) {
          broadcast(PresenceMessages.join(channel.name(), m.login), m.login);
        }
        listener.joined(this, m.login);
      } else if (v.leaving != null) {
        // Back within the grace (a reload): nobody saw the leave, so nobody sees a join.
        v.leaving.cancel(false);
        v.leaving = null;
      }
      v.tabs++;
    }
    m.client.send(PresenceMessages.snapshot(channel.name(), visibleLogins()));
    return m;
  }

  /** Removes {@code m}; true when it was here. A last tab starts the leave grace ({@code graceTimer}). */
  synchronized boolean remove(Member m, Function<Runnable, ScheduledFuture<?>> graceTimer) {
    if (!members.remove(m)) {
      return false;
    }
    if (m.visible) {
      Viewer v = viewers.get(m.login);
      if (v != null && --v.tabs == 0) {
        ScheduledFuture<?> f = graceTimer.apply(() -> leaveIfGone(m.login));
        if (f == null) {
          leaveIfGone(m.login);
        } else {
          v.leaving = f;
        }
      }
    }
    return true;
  }

  /** The grace ended: the user leaves unless a tab came back. */
  synchronized void leaveIfGone(String login) {
    Viewer v = viewers.get(login);
    if (v != null && v.tabs == 0) {
      viewers.remove(login);
      if (!remote.contains(login)) {
        broadcast(PresenceMessages.leave(channel.name(), login), null);
      }
      listener.left(this, login);
    }
  }

  /**
   * Takes {@code m}'s user's typing unless they typed within {@code intervalNanos} on this node
   * (across all their tabs): {@link Typing#REFUSED} when throttled. Members who do not broadcast
   * typing (invisible, or by choice) get {@link Typing#SILENT}, answered as if accepted: nobody can
   * tell. An accepted typing is broadcast at once when {@code broadcast}; otherwise the caller asks
   * the other nodes first and then calls {@link #typingClaimed} or {@link #typingRefused}.
   */
  synchronized Typing typing(Member m, long now, long intervalNanos, boolean broadcast) {
    Viewer v = m.types ? viewers.get(m.login) : null;
    if (v == null) {
      return Typing.SILENT;
    }
    if (now - v.lastTyping < intervalNanos) {
      return Typing.REFUSED;
    }
    v.lastTyping = now;
    if (broadcast) {
      typed(m.login);
    }
    return Typing.ACCEPTED;
  }

  /** What {@link #typing} made of a typing command. */
  enum Typing {
    /** Broadcast (or to be, once the other nodes agree). */
    ACCEPTED,
    /** Within the interval: answered {@code rate_limited}. */
    REFUSED,
    /** Not shown to anyone (invisible, or typing turned off); answered as accepted. */
    SILENT
  }

  /** The other nodes agreed to {@code login}'s typing: broadcast it; false when they have left meanwhile. */
  synchronized boolean typingClaimed(String login) {
    if (!viewers.containsKey(login)) {
      return false;
    }
    typed(login);
    return true;
  }

  /**
   * {@code login} typed on another node within the interval, so the typing taken at {@code at} is
   * not broadcast; this node forgets it, so the next one asks again rather than waiting out an
   * interval that the other node's typing started earlier.
   */
  synchronized void typingRefused(String login, long at) {
    Viewer v = viewers.get(login);
    if (v != null && v.lastTyping == at) {
      v.lastTyping = Long.MIN_VALUE / 2;
    }
  }

  /**
   * Adds {@code login} to the next typing message; the first typist of a batch schedules it. With
   * 100 people typing every 2 s a room sends one message per batch instead of 50 a second, each
   * to every member: typing stays small beside the fan-out of real events.
   */
  private void typed(String login) {
    boolean first = typists == null;
    if (first) {
      typists = new TreeSet<>();
    }
    typists.add(login);
    if (first) {
      // With no delay this flushes at once (reentrant: the caller holds the room's lock).
      listener.flushLater(this);
    }
  }

  /** Sends one typing message naming everyone who typed in the batch (their own tabs too: clients skip themselves). */
  synchronized void flushTyping() {
    Set<String> t = typists;
    typists = null;
    if (t != null && !t.isEmpty()) {
      broadcast(PresenceMessages.typing(channel.name(), t), null);
    }
  }

  /** Another node reports {@code login} joined. */
  synchronized void remoteJoined(String login) {
    if (remote.add(login) && !viewers.containsKey(login)) {
      broadcast(PresenceMessages.join(channel.name(), login), login);
    }
  }

  /** Another node reports {@code login} left, and no other node still has them. */
  synchronized void remoteLeft(String login) {
    if (remote.remove(login) && !viewers.containsKey(login)) {
      broadcast(PresenceMessages.leave(channel.name(), login), null);
    }
  }

  /** Another node broadcast {@code login}'s typing. */
  synchronized void remoteTyping(String login) {
    typed(login);
  }

  /** The other nodes' visible users now: shows who came and went that no message told (a node that died). */
  synchronized void remoteAre(Set<String> now) {
    for (String login : now) {
      remoteJoined(login);
    }
    for (String login : new ArrayList<>(remote)) {
      if (!now.contains(login)) {
        remoteLeft(login);
      }
    }
  }

  /** Whether nothing local is left (no member, no viewer in grace): the room may go. */
  synchronized boolean empty() {
    return members.isEmpty() && viewers.isEmpty();
  }

  synchronized List<Member> members() {
    return new ArrayList<>(members);
  }

  /** Everyone showing: local and remote, sorted. */
  synchronized List<String> visibleLogins() {
    Set<String> all = new TreeSet<>(viewers.keySet());
    all.addAll(remote);
    return new ArrayList<>(all);
  }

  /** The visible users of this node. */
  synchronized List<String> localLogins() {
    return new ArrayList<>(viewers.keySet());
  }

  /** Sends {@code message} to every member except those of {@code except} (the user it is about). */
  private void broadcast(Outgoing message, String except) {
    for (Member member : members) {
      if (except == null || !except.equals(member.login)) {
        member.client.send(message);
      }
    }
  }
}
