package dev.samplehost.api.events;

import dev.samplehost.api.UserRef;

/** A user joined or left organisation {@code organization}. */
public record OrganizationMemberEvent(
    Action action, UserRef actor, String organization, UserRef member) {

  /** What happened to the membership. */
  public enum Action { ADDED, REMOVED }
}
