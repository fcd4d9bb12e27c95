package dev.samplehost.server.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used map of at most {@code capacity} entries: a full cache evicts its coldest
 * entry instead of being wiped, so a flood of new keys cannot make every hot answer a database
 * query again. Synchronized; every operation is O(1).
 */
final class BoundedCache<K, V> {
  private final LinkedHashMap<K, V> map;

  BoundedCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.map = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }

  synchronized void remove(K key) {
    map.remove(key);
  }

  synchronized void clear() {
    map.clear();
  }

  synchronized int size() {
    return map.size();
  }
}
