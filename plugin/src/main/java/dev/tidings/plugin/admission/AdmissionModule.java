package dev.tidings.plugin.admission;

import com.google.inject.AbstractModule;

/** What events must pass before they are stored: the size guard and the mention budget. */
public final class AdmissionModule extends AbstractModule {
  @Override
  protected void configure() {
    // Each class is annotated @Singleton (jakarta.inject).
    bind(EventSizeGuard.class);
    bind(MentionBudget.class);
    bind(AdmittingSink.class);
  }
}
