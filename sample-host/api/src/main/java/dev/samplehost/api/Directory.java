package dev.samplehost.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only view of the host's users, organisations, repositories and issue participants. */
public interface Directory {

  /** The user with this login, if any (organisations are not users). */
  Optional<UserRef> user(String login);

  /** The repository {@code owner/name}, if it exists. */
  Optional<RepoRef> repository(String owner, String name);

  /** Every repository owned by the user or organisation {@code owner}. */
  List<RepoRef> repositoriesOf(String owner);

  /** Collaborators of {@code owner/name} and their permission (owners and org members not included). */
  Map<String, Permission> collaborators(String owner, String name);

  /** Whether {@code name} is an organisation. */
  boolean isOrganization(String name);

  /** Logins of the members of organisation {@code org}. */
  List<String> organizationMembers(String org);

  /** Who takes part in issue or pull request {@code number} of {@code owner/name}, if it exists. */
  Optional<Participants> participants(String owner, String name, long number);

  /** The people attached to one issue or pull request, as the host knows them now. */
  record Participants(
      String author, List<String> assignees, List<String> requestedReviewers,
      List<String> commenters, boolean pullRequest) {}
}
