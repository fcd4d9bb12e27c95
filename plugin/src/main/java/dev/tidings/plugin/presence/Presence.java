package dev.tidings.plugin.presence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.Registration;
import dev.samplehost.api.events.CollaboratorEvent;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import dev.samplehost.api.events.OrganizationMemberEvent;
import dev.samplehost.api.events.RepositoryEvent;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Workers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence and typing on this node: the rooms of the threads being viewed, created by the first
 * member and dropped with the last (after the leave grace), so the state is bounded by live
 * connections ({@code presence.maxViewersPerThread}, {@code presence.maxPerConnection}). Nothing
 * here is stored or written to the event log. Read access is asked again every
 * {@code presence.recheckInterval} and at once when the host reports a collaborator, member or
 * repository change; members who lost it are dropped like other subscriptions.
 *
 * <p>Several nodes: a {@link PresenceDirectory} tells the other nodes who starts and stops showing
 * here and who types, and says who shows there; every {@value #REFRESH_SECONDS} s this node
 * refreshes its viewers for the others and re-reads theirs (a node that died drops out when its
 * entries expire).
 */
@Singleton
public final class Presence implements Managed, HostEventListener, Room.Listener, PresenceDirectory.Remote {

  private static final Logger log = LoggerFactory.getLogger(Presence.class);
  static final int REFRESH_SECONDS = 5;

  private final PresenceSettings settings;
  private final ChannelAuthorizer authorizer;
  private final HostEvents hostEvents;
  private final PresencePreferences.Source preferences;
  private final PresenceDirectory directory;
  private final Map<String, Room> rooms = new ConcurrentHashMap<>();
  // Whether the last typing claim failed (logged once per outage, not per keystroke).
  private volatile boolean claimFailing;
  private volatile ScheduledExecutorService timer;
  private Registration registration;

  /** Presence with {@code settings}, re-checking access with {@code authorizer}. */
  @Inject
  public Presence(PresenceSettings settings, ChannelAuthorizer authorizer, HostEvents hostEvents,
      PresencePreferences.Source preferences, PresenceDirectory directory) {
    this.settings = settings;
    this.directory = directory;
    this.preferences = preferences;
    this.authorizer = authorizer;
    this.hostEvents = hostEvents;
  }

  /** The limits in force. */
  public PresenceSettings settings() {
    return settings;
  }

  @Override
  public Phase phase() {
    return Phase.FEATURES;
  }

  @Override
  public void start() {
    ScheduledExecutorService t = Workers.timer("presence");
    timer = t;
    long every = settings.recheckInterval().toMillis();
    t.scheduleWithFixedDelay(() -> recheck(r -> true), every, every, TimeUnit.MILLISECONDS);
    if (directory != PresenceDirectory.LOCAL) {
      directory.start(this);
      t.scheduleWithFixedDelay(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }
    if (hostEvents != null) {
      registration = hostEvents.addListener(this);
    }
  }

  @Override
  public void stop() throws InterruptedException {
    if (registration != null) {
      registration.remove();
      registration = null;
    }
    ScheduledExecutorService t = timer;
    timer = null;
    if (t != null) {
      Workers.stop(t, 5000);
    }
    if (directory != PresenceDirectory.LOCAL) {
      directory.stop();
    }
  }

  /**
   * Joins {@code client} to {@code channel} (access already checked): it is sent
   * {@code subscribed} (with {@code id}) and the snapshot of visible users. Null when the thread
   * has {@code presence.maxViewersPerThread} members on this node. Invisible users and anonymous
   * readers join without appearing.
   */
  public Member join(PresenceChannel channel, PresenceClient client, JsonNode id) {
    String login = client.login();
    PresencePreferences choice = login == null ? PresencePreferences.DEFAULT : preferences.of(login);
    boolean shown = login != null && !choice.invisible();
    boolean types = shown && choice.typing();
    Member[] joined = new Member[1];
    // The first viewer here learns who shows on other nodes (a read outside the map's lock).
    java.util.Set<String> others = rooms.containsKey(channel.name()) ? null : othersOf(channel.name());
    rooms.compute(channel.name(), (name, room) -> {
      Room r = room;
      if (r == null) {
        r = new Room(channel, this);
        if (others != null) {
          r.remoteAre(others);
        }
      }
      joined[0] = r.join(new Member(r, client, login, shown, types), settings.maxViewersPerThread(), id);
      return r.empty() ? null : r;
    });
    return joined[0];
  }

  /** Ends {@code member}'s presence (unsubscribe, tab closed, network gone); idempotent. */
  public void leave(Member member) {
    if (member.room.remove(member, leave -> afterGrace(member.room, leave))) {
      dropIfEmpty(member.room);
    }
  }

  /**
   * The member's user is typing: broadcast to the thread's other viewers at most once per
   * {@code presence.typingInterval} per user; false when this node's throttle refused it. With
   * other nodes the interval holds across them: once this node's throttle let it through, the
   * presence timer claims it in the directory, and when another node claimed it first it is not
   * broadcast and {@code refusedLater} runs (on the timer; it must not block). When the directory
   * cannot answer (Redis down) this node's throttle alone decides, as on a single node.
   */
  public boolean typing(Member member, Runnable refusedLater) {
    long now = System.nanoTime();
    long interval = settings.typingInterval().toNanos();
    boolean alone = directory == PresenceDirectory.LOCAL || interval == 0;
    Room room = member.room;
    Room.Typing t = room.typing(member, now, interval, alone);
    if (t == Room.Typing.REFUSED) {
      return false;
    }
    if (t == Room.Typing.ACCEPTED && !alone) {
      String channel = member.channel();
      String login = member.login;
      later(() -> claimTyping(room, channel, login, now, refusedLater));
    }
    return true;
  }

  /** On the presence timer: one directory round trip decides whether the typing taken at {@code at} goes out. */
  private void claimTyping(Room room, String channel, String login, long at, Runnable refusedLater) {
    boolean claimed;
    try {
      // PX must be at least 1 ms (an interval below 1 ms still throttles over all nodes).
      claimed = directory.claimTyping(channel, login, Math.max(1, settings.typingInterval().toMillis()));
      if (claimFailing) {
        claimFailing = false;
        log.info("Typing is throttled across nodes again");
      }
    } catch (RuntimeException e) {
      if (!claimFailing) {
        claimFailing = true;
        log.warn("Cannot claim typing across nodes; each node throttles typing alone until the directory answers", e);
      }
      // Falls back to this node's throttle, which already let it through; the other nodes are
      // not told either (their notice would fail the same way).
      room.typingClaimed(login);
      return;
    }
    if (!claimed) {
      room.typingRefused(login, at);
      refusedLater.run();
    } else if (room.typingClaimed(login)) {
      directory.typing(channel, login);
    }
  }

  // ---- other nodes ----

  private java.util.Set<String> othersOf(String channel) {
    if (directory == PresenceDirectory.LOCAL) {
      return null;
    }
    try {
      return directory.others(channel);
    } catch (RuntimeException e) {
      log.warn("Reading other nodes' presence of {} failed; the next refresh shows them", channel, e);
      return null;
    }
  }

  /** Runs {@code task} on the presence timer (directory calls: never on a caller's thread or under a lock). */
  private void later(Runnable task) {
    if (directory == PresenceDirectory.LOCAL) {
      return;
    }
    ScheduledExecutorService t = timer;
    if (t == null) {
      return;
    }
    try {
      t.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("Presence directory call failed", e);
        }
      });
    } catch (RuntimeException e) {
      log.debug("Presence directory call dropped (stopping)", e);
    }
  }

  @Override
  public void flushLater(Room room) {
    ScheduledExecutorService t = timer;
    long delay = settings.typingBatch().toMillis();
    if (t == null || delay == 0) {
      room.flushTyping();
      return;
    }
    try {
      t.schedule(room::flushTyping, delay, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      room.flushTyping();
    }
  }

  @Override
  public void joined(Room room, String login) {
    String channel = room.channel.name();
    later(() -> directory.joined(channel, login));
  }

  @Override
  public void left(Room room, String login) {
    String channel = room.channel.name();
    later(() -> directory.left(channel, login));
  }

  @Override
  public void joined(String channel, String login) {
    Room r = rooms.get(channel);
    if (r != null) {
      r.remoteJoined(login);
    }
  }

  @Override
  public void left(String channel, String login) {
    // The user may still show on a third node: ask before showing the leave.
    later(() -> {
      Room r = rooms.get(channel);
      if (r != null && !directory.others(channel).contains(login)) {
        r.remoteLeft(login);
      }
    });
  }

  @Override
  public void typing(String channel, String login) {
    Room r = rooms.get(channel);
    if (r != null) {
      r.remoteTyping(login);
    }
  }

  /** Keeps this node's viewers alive for the others, and re-reads theirs. */
  private void refresh() {
    try {
      java.util.Map<String, java.util.Collection<String>> local = new HashMap<>();
      for (Room r : rooms.values()) {
        local.put(r.channel.name(), r.localLogins());
      }
      directory.refresh(local);
      for (Room r : rooms.values()) {
        r.remoteAre(directory.others(r.channel.name()));
      }
    } catch (RuntimeException e) {
      log.warn("Presence refresh failed; retrying in {} s", REFRESH_SECONDS, e);
    }
  }

  /** Visible users of {@code channel} on this node (tests, metrics). */
  public List<String> viewers(String channel) {
    Room r = rooms.get(channel);
    return r == null ? List.of() : r.visibleLogins();
  }

  /** Threads with presence state on this node. */
  public int rooms() {
    return rooms.size();
  }

  private ScheduledFuture<?> afterGrace(Room room, Runnable leave) {
    ScheduledExecutorService t = timer;
    if (t == null || settings.leaveGrace().isZero()) {
      return null;
    }
    try {
      return t.schedule(() -> {
        leave.run();
        dropIfEmpty(room);
      }, settings.leaveGrace().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void dropIfEmpty(Room room) {
    rooms.computeIfPresent(room.channel.name(), (name, r) -> r == room && r.empty() ? null : r);
  }

  /** Drops every member of the rooms matching {@code which} whose user may no longer read the repository. */
  void recheck(Predicate<Room> which) {
    for (Room room : rooms.values()) {
      if (!which.test(room)) {
        continue;
      }
      Map<String, Boolean> allowed = new HashMap<>();
      for (Member m : room.members()) {
        boolean ok;
        try {
          ok = allowed.computeIfAbsent(m.login == null ? "" : m.login, l -> authorizer.check(m.login,
              room.channel.repository()) == ChannelAuthorizer.Decision.ALLOWED);
        } catch (RuntimeException e) {
          log.warn("Presence access re-check of {} on {} failed", m.login, room.channel.name(), e);
          continue;
        }
        if (!ok) {
          leave(m);
          m.client.presenceRevoked(m);
        }
      }
    }
  }

  private void recheckLater(Predicate<Room> which) {
    ScheduledExecutorService t = timer;
    if (t != null) {
      try {
        t.execute(() -> recheck(which));
      } catch (RuntimeException e) {
        log.debug("Presence re-check not scheduled (stopping)", e);
      }
    }
  }

  @Override
  public void onCollaborator(CollaboratorEvent event) {
    if (event.action() == CollaboratorEvent.Action.REMOVED) {
      String owner = event.repository().owner();
      String name = event.repository().name();
      recheckLater(r -> r.channel.owner().equals(owner) && r.channel.repo().equals(name));
    }
  }

  @Override
  public void onOrganizationMember(OrganizationMemberEvent event) {
    if (event.action() == OrganizationMemberEvent.Action.REMOVED) {
      String org = event.organization();
      recheckLater(r -> r.channel.owner().equals(org));
    }
  }

  @Override
  public void onRepository(RepositoryEvent event) {
    String owner = event.repository().owner();
    String name = event.repository().name();
    recheckLater(r -> r.channel.owner().equals(owner) && r.channel.repo().equals(name));
  }
}
