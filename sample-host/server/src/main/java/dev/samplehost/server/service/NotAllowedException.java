package dev.samplehost.server.service;

/** The action is not allowed in this state (Gitea's 405, e.g. merge style not allowed). */
public class NotAllowedException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a client-safe message. */
  public NotAllowedException(String message) {
    super(message);
  }

  @Override
  public int status() {
    return 405;
  }
}
