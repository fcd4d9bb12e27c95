package dev.tidings.plugin.session;

import dev.tidings.plugin.hub.Subscription;
import java.util.Arrays;
import java.util.List;

/**
 * One connection's subscriptions by channel name, in a plain array: a connection has a handful
 * (at most {@code hub.maxSubscriptions}), and thousands of idle connections each holding a
 * ConcurrentHashMap cost far more heap than a linear scan of a few entries costs time. Thread-safe.
 */
final class SubscriptionList {

  private static final Subscription[] NONE = new Subscription[0];

  private Subscription[] items = NONE;
  private int size;

  /** The subscription to {@code channel}, or null. */
  synchronized Subscription get(String channel) {
    int i = indexOf(channel);
    return i < 0 ? null : items[i];
  }

  /** How many subscriptions there are. */
  synchronized int size() {
    return size;
  }

  /** Adds {@code s}, replacing any subscription to the same channel. */
  synchronized void put(Subscription s) {
    int i = indexOf(s.channel().name());
    if (i >= 0) {
      items[i] = s;
      return;
    }
    if (size == items.length) {
      // Grow exactly: the usual connection subscribes to a few channels and stays there.
      items = Arrays.copyOf(items, size < 4 ? size + 1 : size + (size >> 1));
    }
    items[size++] = s;
  }

  /** Removes and returns the subscription to {@code channel}, or null. */
  synchronized Subscription remove(String channel) {
    int i = indexOf(channel);
    if (i < 0) {
      return null;
    }
    Subscription s = items[i];
    removeAt(i);
    return s;
  }

  /** Removes {@code s} if it is still the subscription to its channel. */
  synchronized boolean remove(Subscription s) {
    int i = indexOf(s.channel().name());
    if (i < 0 || items[i] != s) {
      return false;
    }
    removeAt(i);
    return true;
  }

  /** Removes all and returns them. */
  synchronized List<Subscription> clear() {
    List<Subscription> all = List.of(Arrays.copyOf(items, size));
    items = NONE;
    size = 0;
    return all;
  }

  private int indexOf(String channel) {
    if (channel == null) {
      return -1;
    }
    for (int i = 0; i < size; i++) {
      if (items[i].channel().name().equals(channel)) {
        return i;
      }
    }
    return -1;
  }

  private void removeAt(int i) {
    size--;
    System.arraycopy(items, i + 1, items, i, size - i);
    items[size] = null;
    if (size == 0) {
      items = NONE;
    }
  }
}
