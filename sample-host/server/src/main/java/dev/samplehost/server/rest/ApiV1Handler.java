package dev.samplehost.server.rest;

import dev.samplehost.api.Identity;
import dev.samplehost.api.Scopes;
import dev.samplehost.server.domain.AccessToken;
import dev.samplehost.server.service.HostUrls;
import dev.samplehost.server.service.ServiceException;
import dev.samplehost.server.web.PluginApiRoutes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler serving every request under {@code /api/v1}: routes the Gitea API v1 subset,
 * offers everything else to the plugins' API routes, and answers 404 JSON when nobody takes it.
 */
@Singleton
public class ApiV1Handler extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(ApiV1Handler.class);
  private static final String PREFIX = "/api/v1";
  private static final int MAX_BODY = 4 * 1024 * 1024;

  private final Router router = new Router();
  private final ApiJson json;
  private final ApiAuth auth;
  private final PluginApiRoutes fallback;
  private final HostUrls urls;
  private final PublicOnlyGuard publicOnly;

  @Inject
  public ApiV1Handler(ApiJson json, ApiAuth auth, PluginApiRoutes fallback, ApiResources resources,
      HostUrls urls, PublicOnlyGuard publicOnly) {
    this.publicOnly = publicOnly;
    this.json = json;
    this.urls = urls;
    this.auth = auth;
    this.fallback = fallback;
    resources.register(router);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String baseUrl = urls.baseUrl();
    try {
      String path = apiPath(request);
      String method = request.getMethod();
      // A %2F inside a segment (a ref such as feature%2Flogin) is part of that segment's value.
      boolean encodedSlash = request.getHttpURI().hasAmbiguousSeparator();
      Optional<Router.Match> match = encodedSlash ? router.match(method, rawSegments(request)) : router.match(method, path);
      if (match.isEmpty() && encodedSlash) {
        throw ApiException.notFound(); // never offered to the plugins, which route on decoded paths
      }
      if (match.isEmpty()) {
        // The host owns sessions and their CSRF tokens, and tokens and their scopes, so it guards
        // the plugins' /api/v1 routes too (e.g. /notifications needs read:notification, as in Gitea).
        auth.checkCookieWrite(request);
        AccessToken presented = auth.presentedToken(request,
            Request.extractQueryParameters(request, StandardCharsets.UTF_8));
        Scopes scopes = presented == null ? Scopes.unrestricted() : Scopes.of(presented.scopes());
        TokenScopes.check(scopes, method, path);
        publicOnly.check(scopes, path);
        if (fallback.handle(request, response, callback)) {
          return true;
        }
        throw ApiException.notFound();
      }
      Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
      Identity identity = auth.identify(request, query);
      auth.checkCsrf(request, identity);
      TokenScopes.check(identity.scopes(), method, path);
      publicOnly.check(identity.scopes(), path);
      identity = auth.sudo(request, query, identity);
      String body = hasBody(method) ? readBody(request) : "";
      ApiCall call = new ApiCall(method, path, match.get().params(),
          request.getHttpURI().getQuery(), query, body, identity, baseUrl, json);
      write(response, callback, publicOnly.filter(identity.scopes(), match.get().route().handle(call)));
    } catch (ApiException e) {
      // A null message is Gitea's bare status without a body (e.g. 403 on issue edit).
      ApiResult result = e.getMessage() == null ? ApiResult.empty(e.status()) : error(e.status(), e.getMessage(), baseUrl);
      if (e.retryAfterSeconds() > 0) {
        result.headers().put("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      closeIfBodyUnread(request, response);
      write(response, callback, result);
    } catch (ServiceException e) {
      write(response, callback, error(e.status(), e.getMessage(), baseUrl));
    } catch (RuntimeException e) {
      closeIfBodyUnread(request, response);
      if (isBadQuery(e)) {
        write(response, callback, error(400, "invalid query string", baseUrl));
      } else {
        LOG.error("API request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
        write(response, callback, error(500, "internal server error", baseUrl));
      }
    }
    return true;
  }

  /**
   * A request refused before its body was read (CSRF, scope, authentication) may still have body
   * bytes on the way. Jetty would close the connection after the answer, while a client that had
   * already picked that connection for its next request saw it reset. What already arrived is
   * dropped here; if more is coming, the answer says the connection ends.
   */
  private static void closeIfBodyUnread(Request request, Response response) {
    if (!request.consumeAvailable()) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  private static boolean isBadQuery(RuntimeException e) {
    // Jetty reports a malformed percent-encoding in the query as a BadMessageException.
    return e instanceof org.eclipse.jetty.http.HttpException;
  }

  private ApiResult error(int status, String message, String baseUrl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", message);
    body.put("url", baseUrl + "api/swagger");
    return new ApiResult(status, body, new LinkedHashMap<>());
  }

  private void write(Response response, Callback callback, ApiResult result) {
    response.setStatus(result.status());
    dev.samplehost.server.web.SecurityHeaders.api(response);
    result.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    if (result.body() == null) {
      response.write(true, null, callback);
      return;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    Content.Sink.write(response, true, json.write(result.body()), callback);
  }

  private static String readBody(Request request) throws Exception {
    long length = request.getLength();
    if (length > MAX_BODY) {
      throw new ApiException(413, "request body too large");
    }
    // A chunked body has no length up front: read at most one byte past the limit, never all of it.
    java.io.InputStream in = Content.Source.asInputStream(request);
    byte[] bytes = in.readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      // Drop a bounded rest first: a connection closed with unread request bytes is reset, and the
      // client would never see the 413.
      in.skip(MAX_BODY);
      throw new ApiException(413, "request body too large");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static boolean hasBody(String method) {
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE");
  }

  /** The decoded segments of the raw path below {@code /api/v1}. */
  private static String[] rawSegments(Request request) {
    String raw = request.getHttpURI().getPath();
    if (raw.startsWith(PREFIX + "/") || raw.equals(PREFIX)) {
      raw = raw.substring(PREFIX.length());
    }
    return Router.segments(raw);
  }

  /** The path below {@code /api/v1} (works whether or not a context strips the prefix). */
  private static String apiPath(Request request) {
    String full = request.getHttpURI().getDecodedPath();
    if (full == null) {
      return "/";
    }
    if (full.startsWith(PREFIX + "/") || full.equals(PREFIX)) {
      String rest = full.substring(PREFIX.length());
      return rest.isEmpty() ? "/" : rest;
    }
    return full;
  }

}
