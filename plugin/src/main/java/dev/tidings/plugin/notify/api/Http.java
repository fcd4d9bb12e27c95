package dev.tidings.plugin.notify.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import dev.samplehost.api.Scopes;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.web.HttpBodies;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.SecurityHeaders;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The small HTTP toolkit of the notification and preferences APIs: sign-in with Gitea's scope
 * model, JSON request bodies and JSON answers. Refusals are {@link HttpProblem}s, written by the route chain.
 */
@Singleton
public final class Http {

  private final Authenticator authenticator;
  private final ObjectMapper mapper;

  @Inject
  public Http(Authenticator authenticator, ObjectMapper mapper) {
    this.authenticator = authenticator;
    this.mapper = mapper;
  }

  /**
   * The signed-in user whose credential may use notifications: {@code read:notification} for GET
   * and HEAD, {@code write:notification} otherwise (Gitea's scope model; passwords and sessions have
   * every scope). A {@code public-only} token is refused: notifications concern private repositories too.
   */
  public UserRef notificationUser(Request request) {
    Identity id = identity(request);
    UserRef user = id.user().orElseThrow(() -> HttpProblem.unauthenticated("token is required"));
    boolean write = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
    if (!id.allows("notification", write)) {
      throw HttpProblem.forbidden("token does not have at least one of required scope(s): ["
          + Scopes.needed("notification", write) + "]");
    }
    if (id.scopes().publicOnly()) {
      throw HttpProblem.forbidden("A public-only token cannot use notifications: they concern private repositories too");
    }
    return user;
  }

  /** The signed-in user; 401 {@code token is required} when anonymous, 401 with the reason when credentials are bad. */
  public UserRef user(Request request) {
    return identity(request).user().orElseThrow(() -> HttpProblem.unauthenticated("token is required"));
  }

  /** The caller's identity (anonymous allowed); 401 with the reason when credentials are bad. */
  public Identity identity(Request request) {
    try {
      return authenticator.authenticate(request);
    } catch (InvalidCredentialsException e) {
      throw HttpProblem.unauthenticated(e.getMessage() == null ? "invalid credentials" : e.getMessage());
    }
  }

  /** 404 with the message of Gitea's newer versions ({@code APIErrorNotFound}). */
  public static HttpProblem notFound() {
    return HttpProblem.notFound("not found");
  }

  /** Sends {@code body} as JSON with {@code status}. */
  public void json(Response response, Callback callback, int status, Object body) throws IOException {
    byte[] bytes = mapper.writeValueAsBytes(body);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    SecurityHeaders.json(response);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** Sends a status without a body. */
  public void empty(Response response, Callback callback, int status) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    response.write(true, null, callback);
  }

  /**
   * The request's body as a JSON object, reading at most {@code maxBytes} (413 beyond); an empty
   * body is {@code {}}. 422 {@code invalid} naming {@code body} when it is not a JSON object.
   */
  public JsonNode jsonObject(Request request, int maxBytes) {
    String text = new String(HttpBodies.read(request, maxBytes), StandardCharsets.UTF_8);
    JsonNode node;
    try {
      node = mapper.readTree(text.isBlank() ? "{}" : text);
    } catch (JsonProcessingException e) {
      throw HttpProblem.invalid("request body is not valid JSON: " + e.getOriginalMessage(), "body");
    }
    if (node == null || !node.isObject()) {
      throw HttpProblem.invalid("request body must be a JSON object", "body");
    }
    return node;
  }

  /** The JSON mapper. */
  public ObjectMapper mapper() {
    return mapper;
  }
}
