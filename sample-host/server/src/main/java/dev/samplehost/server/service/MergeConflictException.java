package dev.samplehost.server.service;

import java.util.List;

/** A pull request cannot be merged because its changes conflict with the base branch: 409. */
public class MergeConflictException extends ConflictException {
  private static final long serialVersionUID = 1L;
  private final List<String> paths;

  /** Creates the exception naming the conflicting paths. */
  public MergeConflictException(String message, List<String> paths) {
    super(message);
    this.paths = List.copyOf(paths);
  }

  /** The files that conflict. */
  public List<String> paths() {
    return paths;
  }
}
