package dev.tidings.plugin.notify.email;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import dev.samplehost.api.PluginContext;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.notify.store.ThreadWriteListener;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Singleton;

/** Bindings for email notifications: the outbox writer, the sender, the preferences and unsubscribe routes. */
public final class EmailModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(EmailStore.class);
    bind(EmailMetrics.class);
    bind(UnsubscribeTokens.class);
    bind(MailComposer.class);
    bind(SmtpMailer.class);
    bind(OutboxWriter.class);
    bind(EmailSender.class);
    bind(EmailPreferencesApi.class);
    bind(UnsubscribeRoute.class);
    Multibinder.newSetBinder(binder(), ThreadWriteListener.class).addBinding().to(OutboxWriter.class);
    Multibinder<PluginRoute> routes = Multibinder.newSetBinder(binder(), PluginRoute.class);
    routes.addBinding().to(EmailPreferencesApi.class);
    routes.addBinding().to(UnsubscribeRoute.class);
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(EmailSender.class);
  }

  @Provides
  @Singleton
  EmailSettings settings(TidingsConfig config, PluginContext context) {
    return EmailSettings.from(config, context);
  }
}
