package dev.samplehost.server.web;

import dev.samplehost.api.Registration;
import dev.samplehost.api.web.PageContributions;
import dev.samplehost.api.web.PageSlot;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Markup plugins add to the host's pages, by slot, in registration order. */
@Singleton
public class HostPageContributions implements PageContributions {
  private record Entry(PageSlot slot, String html) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  @Override
  public Registration add(PageSlot slot, String html) {
    Entry e = new Entry(slot, html);
    entries.add(e);
    return () -> entries.remove(e);
  }

  /** Every contribution for {@code slot}, concatenated (empty when none). */
  public String html(PageSlot slot) {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      if (e.slot() == slot) {
        sb.append(e.html()).append('\n');
      }
    }
    return sb.toString();
  }
}
