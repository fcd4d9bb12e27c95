package dev.tidings.plugin.store;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * Bindings for the databases: the SQLite file (event log, journal) always; the notification
 * tables in the same file, or on PostgreSQL with {@code store=postgresql}.
 */
public final class StoreModule extends AbstractModule {

  /** The {@code store} setting's values. */
  public static final String SQLITE = "sqlite";
  public static final String POSTGRESQL = "postgresql";

  private final String store;

  public StoreModule(TidingsConfig config) {
    this.store = config.getString("store", SQLITE).trim().toLowerCase(java.util.Locale.ROOT);
    if (!store.equals(SQLITE) && !store.equals(POSTGRESQL)) {
      throw new IllegalArgumentException("store must be sqlite or postgresql, not " + store);
    }
  }

  @Override
  protected void configure() {
    bind(SqliteDatabase.class);
    bind(Database.class).to(SqliteDatabase.class);
    Multibinder<Managed> managed = Multibinder.newSetBinder(binder(), Managed.class);
    // First Managed parts (Phase.STORE): everything after them may write at start.
    managed.addBinding().to(SqliteDatabase.class);
    if (store.equals(POSTGRESQL)) {
      managed.addBinding().to(PostgresDatabase.class);
      bind(Database.class).annotatedWith(Notifications.class).to(PostgresDatabase.class);
    } else {
      bind(Database.class).annotatedWith(Notifications.class).to(SqliteDatabase.class);
    }
  }

  @Provides
  @Singleton
  PostgresDatabase postgres(TidingsConfig config, MeterRegistry meters) {
    return new PostgresDatabase(PostgresSettings.from(config), meters);
  }
}
