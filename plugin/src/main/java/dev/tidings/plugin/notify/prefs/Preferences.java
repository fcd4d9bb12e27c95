package dev.tidings.plugin.notify.prefs;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One user's notification preferences: the default watch level (and kinds when it is custom),
 * whether their own actions notify them, and per event kind whether a notification reaches the
 * in-app inbox and may be shown as a desktop notification.
 */
public record Preferences(
    WatchLevel defaultLevel, Set<EventKind> customKinds, boolean ownActions,
    Map<EventKind, Delivery> delivery) {

  /** Where notifications of one kind go. */
  public record Delivery(boolean inApp, boolean desktop) {}

  /** Copies the collections so that a value never changes. */
  public Preferences {
    customKinds = customKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(customKinds));
    EnumMap<EventKind, Delivery> full = new EnumMap<>(EventKind.class);
    for (EventKind k : EventKind.values()) {
      full.put(k, delivery.getOrDefault(k, defaultDelivery(k)));
    }
    delivery = Map.copyOf(full);
  }

  /** What a user who never saved preferences gets. */
  public static Preferences defaults() {
    return Defaults.VALUE;
  }

  /** The defaults, built once: a fan-out asks for them once per recipient (the value never changes). */
  private static final class Defaults {
    static final Preferences VALUE = new Preferences(WatchLevel.PARTICIPATING, Set.of(), false, Map.of());
  }

  /** Desktop notifications default on only for what is about the user directly. */
  static Delivery defaultDelivery(EventKind kind) {
    return new Delivery(true, kind == EventKind.MENTIONS || kind == EventKind.ASSIGNMENTS);
  }

  /** How {@code kind} is delivered. */
  public Delivery delivery(EventKind kind) {
    return delivery.get(kind);
  }
}
