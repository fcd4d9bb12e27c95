package dev.samplehost.server.service;

/** Base of the typed failures services throw; the message is safe to show to the client. */
public abstract class ServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a client-safe message. */
  protected ServiceException(String message) {
    super(message);
  }

  /** The HTTP status Gitea uses for this kind of failure. */
  public abstract int status();
}
