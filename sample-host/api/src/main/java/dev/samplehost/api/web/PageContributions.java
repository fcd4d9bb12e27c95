package dev.samplehost.api.web;

import dev.samplehost.api.Registration;

/** Adds plugin markup to the host's server-rendered pages; the HTML is inserted as given. */
public interface PageContributions {

  /** Adds {@code html} to {@code slot} on every page that has that slot. */
  Registration add(PageSlot slot, String html);
}
