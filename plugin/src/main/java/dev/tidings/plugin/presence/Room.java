package dev.tidings.plugin.presence;

import dev.tidings.plugin.hub.Outgoing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One thread's presence on this node: the connections that view it ({@link Member}s, one per tab)
 * and the visible users among them, each with its tab count (three tabs are one viewer), its
 * pending leave (the grace that hides a reload) and its last typing broadcast. Everything is held
 * by the live members and goes with them: its size is bounded by connections, never by client
 * input. One lock per room; sends never block, so messages go out under it, in order.
 */
final class Room {

  /** A visible user's state; a viewer with no tabs left is waiting out its leave grace. */
  static final class Viewer {
    int tabs;
    long lastTyping = Long.MIN_VALUE / 2;
    ScheduledFuture<?> leaving;
  }

  final PresenceChannel channel;
  private final List<Member> members = new ArrayList<>();
  private final Map<String, Viewer> viewers = new HashMap<>();

  Room(PresenceChannel channel) {
    this.channel = channel;
  }

  /** Null when the room is full; otherwise the member, already sent its subscribed answer and the snapshot. */
  synchronized Member join(Member m, int maxMembers, com.fasterxml.jackson.databind.JsonNode id) {
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
        broadcast(PresenceMessages.join(channel.name(), m.login), m.login);
      } else if (v.leaving != null) {
        // Back within the grace (a reload): nobody saw the leave, so nobody sees a join.
        v.leaving.cancel(false);
        v.leaving = null;
      }
      v.tabs++;
    }
    m.client.send(PresenceMessages.snapshot(channel.name(), new ArrayList<>(viewers.keySet())));
    return m;
  }

  /** Removes {@code m}; true when it was here. A last tab starts the leave grace ({@code graceTimer}). */
  synchronized boolean remove(Member m, java.util.function.Function<Runnable, ScheduledFuture<?>> graceTimer) {
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
      broadcast(PresenceMessages.leave(channel.name(), login), null);
    }
  }

  /**
   * Broadcasts that {@code m}'s user is typing unless they did within {@code intervalNanos}
   * (across all their tabs); false when throttled. Members who do not broadcast typing (invisible,
   * or by choice) are answered as if accepted: nobody can tell.
   */
  synchronized boolean typing(Member m, long now, long intervalNanos) {
    Viewer v = m.types ? viewers.get(m.login) : null;
    if (v == null) {
      return true;
    }
    if (now - v.lastTyping < intervalNanos) {
      return false;
    }
    v.lastTyping = now;
    broadcast(PresenceMessages.typing(channel.name(), m.login), m.login);
    return true;
  }

  /** Whether nothing is left (no member, no viewer in grace): the room may go. */
  synchronized boolean empty() {
    return members.isEmpty() && viewers.isEmpty();
  }

  synchronized List<Member> members() {
    return new ArrayList<>(members);
  }

  synchronized List<String> visibleLogins() {
    return new ArrayList<>(viewers.keySet());
  }

  synchronized int size() {
    return members.size();
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
