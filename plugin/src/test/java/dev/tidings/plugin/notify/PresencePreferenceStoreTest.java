package dev.tidings.plugin.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.presence.PresencePreferenceStore;
import dev.tidings.plugin.presence.PresencePreferences;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presence choices in the notification database (migration V8): defaults, save, overwrite. */
class PresencePreferenceStoreTest {

  @TempDir Path dir;

  NotifyBackend backend() {
    return NotifyBackend.SQLITE;
  }

  @Test
  void defaultsThenSavedThenOverwritten() throws Exception {
    try (NotifyFixture f = new NotifyFixture(dir, backend())) {
      PresencePreferenceStore store = new PresencePreferenceStore(f.notifyDb);
      assertThat(store.read("bob")).isEqualTo(PresencePreferences.DEFAULT);
      store.save("bob", new PresencePreferences(true, true)).get(10, TimeUnit.SECONDS);
      assertThat(store.of("bob")).isEqualTo(new PresencePreferences(true, true));
      store.save("bob", new PresencePreferences(false, false)).get(10, TimeUnit.SECONDS);
      assertThat(store.read("bob")).isEqualTo(new PresencePreferences(false, false));
      assertThat(store.read("alice")).isEqualTo(PresencePreferences.DEFAULT);
    }
  }
}
