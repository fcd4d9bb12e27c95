package dev.samplehost.server.service;

/** The caller may see the thing but not do this to it: 403. */
public class ForbiddenException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a client-safe message. */
  public ForbiddenException(String message) {
    super(message);
  }

  @Override
  public int status() {
    return 403;
  }
}
