package dev.samplehost.api;

/** A user's access level to one repository, ordered from least to most. */
public enum Permission {
  NONE, READ, WRITE, ADMIN, OWNER;

  /** Whether this level includes {@code other}. */
  public boolean atLeast(Permission other) {
    return compareTo(other) >= 0;
  }
}
