package dev.tidings.plugin.access;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.lifecycle.Managed;

/** Bindings for access control: who may subscribe and receive, handshakes, origins, credentials. */
public final class AccessModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(ChannelAuthorizer.class);
    bind(OriginPolicy.class);
    bind(HandshakeGuard.class);
    bind(CookieWriteGuard.class);
    bind(CredentialWatcher.class);
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(CredentialWatcher.class);
  }
}
