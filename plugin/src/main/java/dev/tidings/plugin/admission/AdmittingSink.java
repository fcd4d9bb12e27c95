package dev.tidings.plugin.admission;

import dev.tidings.hooks.EventSink;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.pipeline.EventPipeline;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The {@link EventSink} the hooks are given: applies the size guard and the mention budget to each
 * core event, then hands it to the {@link EventPipeline}. Never blocks and never throws for a big
 * event: it is shrunk, not refused.
 */
@Singleton
public final class AdmittingSink implements EventSink {

  private final EventPipeline pipeline;
  private final EventSizeGuard size;
  private final MentionBudget mentions;

  @Inject
  AdmittingSink(EventPipeline pipeline, EventSizeGuard size, MentionBudget mentions) {
    this.pipeline = pipeline;
    this.size = size;
    this.mentions = mentions;
  }

  @Override
  public void accept(TidingsEvent event) {
    pipeline.accept(mentions.admit(size.admit(event)));
  }
}
