package dev.samplehost.api.events;

import dev.samplehost.api.UserRef;
import java.util.Optional;

/**
 * A credential stopped being valid: a session was signed out or expired, a token was deleted, or a
 * user was deleted (then every credential of {@code user} is gone and {@code credential} is empty).
 * {@code credential} has the form of {@link dev.samplehost.api.Identity#credential()}, so a plugin
 * can close the long-lived connections opened with it at once instead of waiting for its next
 * {@link dev.samplehost.api.Authenticator#isCurrent} check.
 */
public record CredentialEvent(Action action, UserRef user, Optional<String> credential) {

  /** Why the credential is no longer valid. */
  public enum Action { SIGNED_OUT, SESSION_EXPIRED, TOKEN_DELETED, USER_DELETED }
}
