package dev.samplehost.api;

/** Thrown when a request carries credentials and they are wrong (answer 401, never treat as anonymous). */
public class InvalidCredentialsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message safe to show to the client. */
  public InvalidCredentialsException(String message) {
    super(message);
  }
}
