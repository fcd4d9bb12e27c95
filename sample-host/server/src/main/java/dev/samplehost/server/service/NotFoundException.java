package dev.samplehost.server.service;

/** The thing asked for does not exist (or the caller may not see it): 404. */
public class NotFoundException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a client-safe message. */
  public NotFoundException(String message) {
    super(message);
  }

  @Override
  public int status() {
    return 404;
  }
}
