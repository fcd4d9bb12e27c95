package dev.samplehost.server.rest;

/** An API failure with the HTTP status and the human message Gitea would send in {@code {"message":...}}. */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final long retryAfterSeconds;

  /** A failure answered with {@code status} and {@code message}. */
  public ApiException(int status, String message) {
    this(status, message, 0);
  }

  private ApiException(int status, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 429 with {@code Retry-After: seconds}. */
  public static ApiException tooManyRequests(String message, long seconds) {
    return new ApiException(429, message, seconds);
  }

  /** Seconds for {@code Retry-After}, 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The HTTP status code to answer with. */
  public int status() {
    return status;
  }

  /** 400 Bad Request. */
  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  /** 401 Unauthorized, e.g. {@code token is required}. */
  public static ApiException unauthorized(String message) {
    return new ApiException(401, message);
  }

  /** 403 Forbidden. */
  public static ApiException forbidden(String message) {
    return new ApiException(403, message);
  }

  /** A status without any body, as some Gitea handlers send (e.g. a bare 403). */
  public static ApiException bare(int status) {
    return new ApiException(status, null);
  }

  /** 404 Not Found with Gitea's newer message. */
  public static ApiException notFound() {
    return new ApiException(404, "not found");
  }

  /** 404 Not Found with a specific message. */
  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  /** 405 Method Not Allowed (Gitea uses it for merges that may not happen). */
  public static ApiException notAllowed(String message) {
    return new ApiException(405, message);
  }

  /** 409 Conflict. */
  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  /** 422 Unprocessable Entity, e.g. {@code [Title]: Required}. */
  public static ApiException unprocessable(String message) {
    return new ApiException(422, message);
  }

  /** 422 for a missing required field, in Gitea's binding format {@code [Field]: Required}. */
  public static ApiException required(String goFieldName) {
    return new ApiException(422, "[" + goFieldName + "]: Required");
  }
}
