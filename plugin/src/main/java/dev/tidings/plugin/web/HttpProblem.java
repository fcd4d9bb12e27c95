package dev.tidings.plugin.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request a route refuses: the status, a {@link ProblemCode}, a message for people and, for a
 * rejected document, the offending field. Routes throw it; the route chain writes it with
 * {@link JsonResponses#problem}, so every JSON error of the plugin has one shape. Headers that belong
 * to the refusal ({@code Allow}, {@code Retry-After}, {@code WWW-Authenticate}) travel with it.
 * It is flow control, not a fault: no stack trace is taken.
 */
public final class HttpProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;
  private final Map<String, String> headers;

  /** A refusal with a status, code and message. */
  public HttpProblem(int status, ProblemCode code, String message) {
    this(status, code.code(), message, null, Map.of());
  }

  /** A refusal naming the offending field (a JSON path such as {@code kinds.pushes.desktop}). */
  public HttpProblem(int status, ProblemCode code, String message, String field) {
    this(status, code.code(), message, field, Map.of());
  }

  // The raw code is for JsonResponses.error, whose callers (the transports) still pass strings.
  HttpProblem(int status, String code, String message, String field, Map<String, String> headers) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
    this.code = code;
    this.field = field;
    this.headers = Map.copyOf(headers);
  }

  /** 400 {@code bad_request}. */
  public static HttpProblem badRequest(String message) {
    return new HttpProblem(400, ProblemCode.BAD_REQUEST, message);
  }

  /** 401 {@code unauthenticated}. */
  public static HttpProblem unauthenticated(String message) {
    return new HttpProblem(401, ProblemCode.UNAUTHENTICATED, message);
  }

  /** 403 {@code forbidden}. */
  public static HttpProblem forbidden(String message) {
    return new HttpProblem(403, ProblemCode.FORBIDDEN, message);
  }

  /** 404 {@code not_found}. */
  public static HttpProblem notFound(String message) {
    return new HttpProblem(404, ProblemCode.NOT_FOUND, message);
  }

  /** 405 {@code method_not_allowed} with {@code Allow: allowed} (e.g. {@code "GET, HEAD"}). */
  public static HttpProblem methodNotAllowed(String allowed, String message) {
    return new HttpProblem(405, ProblemCode.METHOD_NOT_ALLOWED, message).withHeader("Allow", allowed);
  }

  /** 413 {@code too_large}. */
  public static HttpProblem tooLarge(String message) {
    return new HttpProblem(413, ProblemCode.TOO_LARGE, message);
  }

  /** 422 {@code invalid} naming the rejected field (null when the whole request is meant). */
  public static HttpProblem invalid(String message, String field) {
    return new HttpProblem(422, ProblemCode.INVALID, message, field);
  }

  /** 429 {@code rate_limited} with {@code Retry-After: seconds}. */
  public static HttpProblem rateLimited(String message, long retryAfterSeconds) {
    return new HttpProblem(429, ProblemCode.RATE_LIMITED, message)
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  /** 500 {@code internal}. */
  public static HttpProblem internal(String message) {
    return new HttpProblem(500, ProblemCode.INTERNAL, message);
  }

  /** 503 {@code unavailable}. */
  public static HttpProblem unavailable(String message) {
    return new HttpProblem(503, ProblemCode.UNAVAILABLE, message);
  }

  /** This refusal with one more response header. */
  public HttpProblem withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpProblem(status, code, getMessage(), field, more);
  }

  /** The HTTP status (4xx or 5xx). */
  public int status() {
    return status;
  }

  /** The wire code, e.g. {@code not_found}. */
  public String code() {
    return code;
  }

  /** The rejected field, or null. */
  public String field() {
    return field;
  }

  /** Headers to send with the answer. */
  public Map<String, String> headers() {
    return headers;
  }
}
