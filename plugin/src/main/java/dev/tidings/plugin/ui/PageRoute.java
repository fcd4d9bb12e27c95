package dev.tidings.plugin.ui;

import dev.samplehost.api.web.HostPages;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.PluginRoute;
import dev.tidings.plugin.web.SecurityHeaders;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The plugin's own pages, {@code /plugins/tidings/notifications} and {@code /plugins/tidings/settings},
 * rendered in the host's layout; the content is a custom element that boot.js brings to life.
 */
@Singleton
public final class PageRoute implements PluginRoute {

  /** One page: its kind (becomes data-host-page), title and main markup (constant, nothing user-supplied). */
  record Page(String kind, String title, String mainHtml) {}

  static final Map<String, Page> PAGES = Map.of(
      "/notifications", new Page("tidings-notifications", "Notifications",
          "<div class=\"tidings-page\"><h1>Notifications</h1>"
              + "<p class=\"tidings-help\"><a href=\"/plugins/tidings/settings\">Notification preferences</a></p>"
              + "<tidings-notifications></tidings-notifications></div>"),
      "/settings", new Page("tidings-settings", "Notification preferences",
          "<div class=\"tidings-page\"><h1>Notification preferences</h1>"
              + "<p class=\"tidings-help\">Choose what you hear about and where. "
              + "<a href=\"/plugins/tidings/notifications\">Back to notifications</a></p>"
              + "<tidings-preferences></tidings-preferences></div>"));

  private final HostPages hostPages;

  @Inject
  PageRoute(HostPages hostPages) {
    this.hostPages = hostPages;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (path.endsWith("/") && path.length() > 1) {
      path = path.substring(0, path.length() - 1);
    }
    Page page = PAGES.get(path);
    if (page == null) {
      return false;
    }
    String method = request.getMethod();
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      throw HttpProblem.methodNotAllowed("GET, HEAD", "only GET and HEAD are allowed here");
    }
    byte[] html = hostPages.render(request, page.kind(), page.title(), page.mainHtml()).getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    SecurityHeaders.page(response);
    response.write(true, ByteBuffer.wrap(html), callback);
    return true;
  }
}
