package dev.samplehost.server.domain;

import dev.samplehost.api.UserRef;
import java.time.Instant;

/** A user account of the host. */
public record User(long id, String login, String fullName, String email, boolean admin, Instant created) {

  /** The user as plugins see it. */
  public UserRef toRef() {
    return new UserRef(id, login, fullName, email, admin);
  }
}
