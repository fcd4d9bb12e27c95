package dev.samplehost.api.events;

import dev.samplehost.api.Registration;

/** Where plugins register their {@link HostEventListener}s. */
public interface HostEvents {

  /** Adds a listener that receives every host event from now on. */
  Registration addListener(HostEventListener listener);
}
