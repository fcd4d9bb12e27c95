package dev.samplehost.server.service;

/** The change is impossible in the current state (e.g. reopening a merged pull request): 412. */
public class PreconditionFailedException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a client-safe message. */
  public PreconditionFailedException(String message) {
    super(message);
  }

  @Override
  public int status() {
    return 412;
  }
}
