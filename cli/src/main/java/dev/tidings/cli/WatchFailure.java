package dev.tidings.cli;

/** Ends the watch with an exit code and a message for stderr. */
final class WatchFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Exit exit;

  WatchFailure(Exit exit, String message) {
    super(message, null, false, false);
    this.exit = exit;
  }

  Exit exit() {
    return exit;
  }
}
