package dev.samplehost.server;

import dev.samplehost.server.git.GitRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;

/**
 * Sends each request to the part of the host that owns its path: {@code /healthz}, {@code /api/v1},
 * {@code /plugins/{name}}, git smart HTTP ({@code /{owner}/{repo}.git/...}) and the web pages.
 */
final class HostRouter extends Handler.Sequence {
  private final Handler api;
  private final ContextHandlerCollection plugins;
  private final Handler git;
  private final Handler web;
  private final BooleanSupplier ready;

  HostRouter(Handler api, ContextHandlerCollection plugins, Handler git, Handler web, BooleanSupplier ready) {
    super(api, plugins, git, web);
    this.api = api;
    this.plugins = plugins;
    this.git = git;
    this.web = web;
    this.ready = ready;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if ("/healthz".equals(path)) {
      boolean up = ready.getAsBoolean();
      response.setStatus(up ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      Content.Sink.write(response, true, up ? "ok\n" : "starting\n", callback);
      return true;
    }
    if (path.equals("/api/v1") || path.startsWith("/api/v1/")) {
      return api.handle(request, response, callback);
    }
    if (request.getHttpURI().hasAmbiguousSeparator()) {
      // Only the host's API routes split a path on its raw slashes (HostServer allows %2F for them).
      response.setStatus(HttpStatus.BAD_REQUEST_400);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.write(true, StandardCharsets.UTF_8.encode("Ambiguous URI path separator\n"), callback);
      return true;
    }
    if (path.equals("/plugins") || path.startsWith("/plugins/")) {
      if (plugins.handle(request, response, callback)) {
        return true;
      }
      response.setStatus(HttpStatus.NOT_FOUND_404);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.write(true, StandardCharsets.UTF_8.encode("No plugin serves " + path + "\n"), callback);
      return true;
    }
    if (GitRequest.matches(path)) {
      return git.handle(request, response, callback);
    }
    return web.handle(request, response, callback);
  }
}
