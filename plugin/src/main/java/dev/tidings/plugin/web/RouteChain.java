package dev.tidings.plugin.web;

import dev.tidings.plugin.access.CookieWriteGuard;
import dev.tidings.plugin.store.Unavailable;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks routes in turn until one takes the request, and is where every refusal becomes its JSON
 * answer: an {@link HttpProblem} a route throws is written as it says, anything else as 500.
 * Behind {@code /plugins/tidings} the chain ends in a 404 JSON answer; under the host's
 * {@code /api/v1/} it declines instead, so the host answers paths no plugin serves, and its error
 * bodies carry Gitea's {@code url}.
 */
public final class RouteChain extends Handler.Abstract {

  /** One link: {@link PluginRoute#handle} or {@link ApiRoute#handle}. */
  @FunctionalInterface
  interface Link {
    boolean handle(Request request, Response response, Callback callback) throws Exception;
  }

  private static final Logger log = LoggerFactory.getLogger(RouteChain.class);

  private final List<Link> links;
  private final boolean answerNotFound;
  private final CookieWriteGuard guard;
  private final String giteaUrl;

  private RouteChain(List<Link> links, boolean answerNotFound, CookieWriteGuard guard, String giteaUrl) {
    this.links = List.copyOf(links);
    this.answerNotFound = answerNotFound;
    this.guard = guard;
    this.giteaUrl = giteaUrl;
  }

  /**
   * The chain behind {@code /plugins/{name}}: every route, then 404; cookie writes from foreign
   * pages are refused first (the host guards its own {@code /api/v1} with its CSRF token). A null
   * guard refuses nothing (tests of single routes).
   */
  public static RouteChain plugin(List<PluginRoute> routes, CookieWriteGuard guard) {
    return new RouteChain(routes.stream().<Link>map(r -> r::handle).toList(), true, guard, null);
  }

  /** The chain the host offers the {@code /api/v1/} paths it does not serve itself; {@code baseUrl} is the AppURL. */
  public static RouteChain api(List<ApiRoute> routes, String baseUrl) {
    String swagger = (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + "api/swagger";
    return new RouteChain(routes.stream().<Link>map(r -> r::handle).toList(), false, null, swagger);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      if (guard != null && guard.refuses(request)) {
        throw HttpProblem.forbidden("The session cookie is accepted only from the host's own pages or "
            + "ws.allowedOrigins; this Origin is not allowed");
      }
      for (Link link : links) {
        if (link.handle(request, response, callback)) {
          return true;
        }
      }
      if (!answerNotFound) {
        return false;
      }
      throw HttpProblem.notFound("No such Tidings resource: " + Request.getPathInContext(request));
    } catch (HttpProblem problem) {
      answer(request, response, callback, problem);
    } catch (Exception e) {
      if (e instanceof HttpException he && he.getCode() >= 400 && he.getCode() < 500) {
        // Jetty refuses a malformed request lazily (e.g. a query with invalid UTF-8 when a route
        // reads its parameters): that is the client's error, answered as such, not a server failure.
        answer(request, response, callback, new HttpProblem(he.getCode(), ProblemCode.BAD_REQUEST,
            "Malformed request: " + he.getReason()));
      } else if (Unavailable.is(e)) {
        // The database is down (PostgreSQL restarting): a retry later succeeds, so 503, not 500.
        log.warn("{} {} failed: database unreachable ({})", request.getMethod(), request.getHttpURI().getPath(),
            e.toString());
        answer(request, response, callback, HttpProblem.unavailable("The notification store is unreachable; retry later"));
      } else {
        log.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
        if (response.isCommitted()) {
          callback.failed(e);
        } else {
          answer(request, response, callback, HttpProblem.internal("Internal error"));
        }
      }
    }
    return true;
  }

  private void answer(Request request, Response response, Callback callback, HttpProblem problem) {
    if (response.isCommitted()) {
      // A route threw after it had started its answer: nothing sensible can follow.
      callback.failed(problem);
      return;
    }
    // Refused before its body was read (credentials, origin, limits): drop what already arrived;
    // if more is on the way Jetty will close the connection, so say so, or a client reusing it for
    // its next request sees a reset.
    if (!request.consumeAvailable()) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    JsonResponses.problem(response, callback, problem, giteaUrl);
  }
}
