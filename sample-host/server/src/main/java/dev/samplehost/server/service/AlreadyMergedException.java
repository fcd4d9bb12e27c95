package dev.samplehost.server.service;

/** The pull request is already merged: Gitea answers 405 with an empty message. */
public class AlreadyMergedException extends NotAllowedException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception (its message is empty, as in Gitea's response). */
  public AlreadyMergedException() {
    super("");
  }
}
