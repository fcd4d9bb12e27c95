package dev.samplehost.server.rest;

import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Identity;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/**
 * One API request as routes see it: path variables, query, JSON body, the caller and the base URL.
 */
public final class ApiCall {

  private final String method;
  private final String path;
  private final Map<String, String> params;
  private final Fields query;
  private final String rawQuery;
  private final String body;
  private final Identity identity;
  private final String baseUrl;
  private final ApiJson json;

  /** A call; {@code path} is below {@code /api/v1}, {@code baseUrl} ends with a slash. */
  public ApiCall(String method, String path, Map<String, String> params, String rawQuery, Fields query,
      String body, Identity identity, String baseUrl, ApiJson json) {
    this.method = method;
    this.path = path;
    this.params = params;
    this.rawQuery = rawQuery == null ? "" : rawQuery;
    this.query = query;
    this.body = body;
    this.identity = identity;
    this.baseUrl = baseUrl;
    this.json = json;
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The path below {@code /api/v1}, starting with a slash. */
  public String path() {
    return path;
  }

  /** A path variable of the matched pattern. */
  public String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no path variable " + name);
    }
    return value;
  }

  /** A path variable parsed as a positive number; anything else is 404 like Gitea. */
  public long longParam(String name) {
    try {
      long value = Long.parseLong(param(name));
      if (value <= 0) {
        throw ApiException.notFound();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.notFound();
    }
  }

  /** The first value of a query parameter, if present. */
  public Optional<String> query(String name) {
    return Optional.ofNullable(query.getValue(name));
  }

  /** The query string as sent, still encoded (Link headers keep the other parameters in order). */
  public String rawQuery() {
    return rawQuery;
  }

  /** The JSON body read into {@code type} (case-insensitive keys). */
  public <T> T body(Class<T> type) {
    return json.read(body, type);
  }

  /** Who calls (anonymous when no credentials were sent). */
  public Identity identity() {
    return identity;
  }

  /** The caller's login, or null when anonymous. */
  public String login() {
    return identity.login();
  }

  /** The caller's login; 401 {@code token is required} when anonymous. */
  public String requireLogin() {
    String login = identity.login();
    if (login == null) {
      throw ApiException.unauthorized("token is required");
    }
    return login;
  }

  /** Whether the caller authenticated with a password over HTTP Basic. */
  public boolean basicPassword() {
    return identity.method() == AuthMethod.BASIC_PASSWORD;
  }

  /** The host's public URL, ending with a slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** {@code <base>api/v1}, without a trailing slash. */
  public String apiUrl() {
    return baseUrl + "api/v1";
  }
}
