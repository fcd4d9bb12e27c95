package dev.samplehost.server.events;

import dev.samplehost.api.Registration;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers host events to the registered listeners, in registration order, after the change is committed. */
@Singleton
public final class HostEventBus implements HostEvents {
  private static final Logger LOG = LoggerFactory.getLogger(HostEventBus.class);
  private final List<HostEventListener> listeners = new CopyOnWriteArrayList<>();

  @Override
  public Registration addListener(HostEventListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Calls {@code delivery} for every listener; a listener's exception is logged and ignored. */
  public void fire(Consumer<HostEventListener> delivery) {
    for (HostEventListener listener : listeners) {
      try {
        delivery.accept(listener);
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("Host event listener {} failed", listener.getClass().getName(), e);
      }
    }
  }
}
