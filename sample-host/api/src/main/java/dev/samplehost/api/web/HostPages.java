package dev.samplehost.api.web;

import org.eclipse.jetty.server.Request;

/** Renders a complete page in the host's layout (header, contributions, styles) around plugin content. */
public interface HostPages {

  /**
   * A full HTML document titled {@code title} (escaped by the host) with {@code mainHtml} (already
   * escaped by the caller) as its main content, for whoever makes {@code request};
   * {@code pageKind} becomes {@code data-host-page}.
   */
  String render(Request request, String pageKind, String title, String mainHtml);
}
