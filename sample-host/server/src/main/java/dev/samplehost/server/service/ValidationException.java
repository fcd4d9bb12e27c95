package dev.samplehost.server.service;

/**
 * Input breaks a rule: 422 with Gitea's {@code [Field]: Rule} message; {@code field} is the Go
 * field name (e.g. {@code Name}, {@code Title}) and {@code rule} the rule (e.g. {@code Required}).
 */
public class ValidationException extends ServiceException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String rule;

  /** A binding-style failure: message {@code [field]: rule}. */
  public ValidationException(String field, String rule) {
    super("[" + field + "]: " + rule);
    this.field = field;
    this.rule = rule;
  }

  /** A free-text 422, like Gitea's handler-level validation messages. */
  public ValidationException(String message) {
    super(message);
    this.field = null;
    this.rule = null;
  }

  /** The failing field, or null for a free-text failure. */
  public String field() {
    return field;
  }

  /** The failing rule, or null for a free-text failure. */
  public String rule() {
    return rule;
  }

  @Override
  public int status() {
    return 422;
  }
}
