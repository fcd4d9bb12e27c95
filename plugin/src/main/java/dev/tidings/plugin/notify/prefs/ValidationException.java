package dev.tidings.plugin.notify.prefs;

/** A rejected preferences value: answered 422 {@code {"message":...,"field":...}}, nothing saved. */
public final class ValidationException extends Exception {

  private final String field;

  /** A problem with {@code field} (a JSON path such as {@code kinds.pushes.desktop}). */
  public ValidationException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The offending field. */
  public String field() {
    return field;
  }
}
