package dev.samplehost.server.service;

/** The change clashes with existing state (duplicate name, open PR for the same branches): 409. */
public class ConflictException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a client-safe message. */
  public ConflictException(String message) {
    super(message);
  }

  @Override
  public int status() {
    return 409;
  }
}
