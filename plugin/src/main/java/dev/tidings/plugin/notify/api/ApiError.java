package dev.tidings.plugin.notify.api;

/** A request the API refuses: status and the message of Gitea's {@code {"message","url"}} body. */
public final class ApiError extends Exception {

  private final int status;
  private final String field;

  /** An error with a status and message. */
  public ApiError(int status, String message) {
    this(status, message, null);
  }

  /** An error naming the offending field (preferences validation). */
  public ApiError(int status, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The offending field, or null. */
  public String field() {
    return field;
  }

  /** 404 with Gitea's newer body. */
  public static ApiError notFound() {
    return new ApiError(404, "not found");
  }
}
