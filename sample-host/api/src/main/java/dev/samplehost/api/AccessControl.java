package dev.samplehost.api;

/**
 * The host's answer to "may this user read that repository or see that organisation", asked at
 * subscribe time and again at delivery time, so it must be cheap and always current.
 */
public interface AccessControl {

  /** The access {@code login} (null for anonymous) has to {@code owner/name}; NONE if the repository does not exist. */
  Permission permission(String login, String owner, String name);

  /** Whether {@code login} (null for anonymous) may read {@code owner/name}. */
  default boolean canRead(String login, String owner, String name) {
    return permission(login, owner, name).atLeast(Permission.READ);
  }

  /** Whether {@code login} (null for anonymous) may see the organisation {@code org}. */
  boolean canSeeOrganization(String login, String org);

  /** Whether {@code login} is a site administrator. */
  boolean isAdmin(String login);
}
