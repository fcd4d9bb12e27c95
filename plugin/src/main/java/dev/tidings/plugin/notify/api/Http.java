package dev.tidings.plugin.notify.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import dev.samplehost.api.Scopes;
import dev.samplehost.api.UserRef;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The small HTTP toolkit of the notification API: sign-in, JSON answers, Gitea's error bodies. */
@Singleton
public final class Http {

  private static final int MAX_BODY = 64 * 1024;

  private final Authenticator authenticator;
  private final ObjectMapper mapper;
  private final String swaggerUrl;

  @Inject
  public Http(Authenticator authenticator, ObjectMapper mapper, GiteaJson json) {
    this.authenticator = authenticator;
    this.mapper = mapper;
    this.swaggerUrl = json.baseUrl() + "api/swagger";
  }

  /**
   * The signed-in user whose credential may use notifications: {@code read:notification} for GET
   * and HEAD, {@code write:notification} otherwise (Gitea's scope model; passwords and sessions have
   * every scope). A {@code public-only} token is refused: notifications concern private repositories too.
   */
  public UserRef notificationUser(Request request) throws ApiError {
    return user(request, "notification");
  }

  /** {@link #user(Request)} whose credential has the read (GET, HEAD) or write scope of {@code category}. */
  public UserRef user(Request request, String category) throws ApiError {
    Identity id = identity(request);
    UserRef user = id.user().orElseThrow(() -> new ApiError(401, "token is required"));
    boolean write = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
    if (!id.allows(category, write)) {
      throw new ApiError(403, "token does not have at least one of required scope(s): ["
          + Scopes.needed(category, write) + "]");
    }
    if (id.scopes().publicOnly() && "notification".equals(category)) {
      throw new ApiError(403, "A public-only token cannot use notifications: they concern private repositories too");
    }
    return user;
  }

  /** The signed-in user; 401 {@code token is required} when anonymous, 401 with the reason when credentials are bad. */
  public UserRef user(Request request) throws ApiError {
    return identity(request).user().orElseThrow(() -> new ApiError(401, "token is required"));
  }

  /** The caller's identity (anonymous allowed); 401 with the reason when credentials are bad. */
  public Identity identity(Request request) throws ApiError {
    Identity id;
    try {
      id = authenticator.authenticate(request);
    } catch (InvalidCredentialsException e) {
      throw new ApiError(401, e.getMessage() == null ? "invalid credentials" : e.getMessage());
    }
    return id;
  }

  /** Sends {@code body} as JSON with {@code status}. */
  public void json(Response response, Callback callback, int status, Object body) throws IOException {
    byte[] bytes = mapper.writeValueAsBytes(body);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    dev.tidings.plugin.web.SecurityHeaders.json(response);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** Sends a status without a body. */
  public void empty(Response response, Callback callback, int status) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    response.write(true, null, callback);
  }

  /** Sends Gitea's error body {@code {"message","url"}} (plus {@code field} when the error names one). */
  public void error(Response response, Callback callback, ApiError e) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", e.getMessage());
    if (e.field() != null) {
      body.put("field", e.field());
    }
    body.put("url", swaggerUrl);
    json(response, callback, e.status(), body);
  }

  /** The request body as text (at most 64 KiB; more is a 413). */
  public String body(Request request) throws ApiError, IOException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (out.size() > MAX_BODY) {
          throw new ApiError(413, "request body is larger than 64 KiB");
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** The JSON mapper. */
  public ObjectMapper mapper() {
    return mapper;
  }
}
