package dev.samplehost.server.web;

import dev.samplehost.api.web.HostPages;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.jetty.server.Request;

/** Renders plugin pages in the host's layout, for whoever makes the request. */
@Singleton
public class HostPagesImpl implements HostPages {
  private final Layout layout;
  private final Viewer viewer;

  @Inject
  HostPagesImpl(Layout layout, Viewer viewer) {
    this.layout = layout;
    this.viewer = viewer;
  }

  @Override
  public String render(Request request, String pageKind, String title, String mainHtml) {
    Viewer.Who who = viewer.of(request);
    return layout.render(Layout.Page.of(who.user(), who.csrf(), pageKind, title), mainHtml);
  }
}
