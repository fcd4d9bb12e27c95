package dev.tidings.plugin.admission;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;

/** What events must pass before they are stored: the size guard and the mention budget. */
public final class AdmissionModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(EventSizeGuard.class).in(Singleton.class);
    bind(MentionBudget.class).in(Singleton.class);
    bind(AdmittingSink.class).in(Singleton.class);
  }
}
