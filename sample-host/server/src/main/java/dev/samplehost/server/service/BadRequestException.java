package dev.samplehost.server.service;

/** Malformed or unusable input that Gitea answers with 400 (e.g. a token name already used). */
public class BadRequestException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a client-safe message. */
  public BadRequestException(String message) {
    super(message);
  }

  @Override
  public int status() {
    return 400;
  }
}
