package dev.samplehost.server.rest;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Request bodies of the API (Gitea's {@code *Option} structs); absent fields are null. */
public final class ApiOptions {

  private ApiOptions() {}

  /** {@code CreateUserOption}; {@code mustChangePassword} defaults to true like Gitea. */
  public record CreateUser(
      String username, String email, String password, String fullName, String loginName,
      Boolean mustChangePassword, Boolean sendNotify, Boolean restricted, String visibility) {}

  /** {@code CreateAccessTokenOption}. */
  public record CreateToken(String name, List<String> scopes) {}

  /** {@code CreateOrgOption}. */
  public record CreateOrg(
      String username, String fullName, String email, String description, String website,
      String location, String visibility, Boolean repoAdminChangeTeamAccess) {}

  /** {@code CreateTeamOption}. */
  public record CreateTeam(
      String name, String description, String permission, List<String> units,
      Map<String, String> unitsMap, Boolean includesAllRepositories, Boolean canCreateOrgRepo) {}

  /** {@code CreateRepoOption}. */
  public record CreateRepo(
      String name, String description, @JsonProperty("private") Boolean isPrivate, Boolean autoInit,
      String defaultBranch, String gitignores, String license, String readme, Boolean template) {}

  /** {@code AddCollaboratorOption}; permission defaults to write. */
  public record AddCollaborator(String permission) {}

  /** {@code CreateIssueOption}. */
  public record CreateIssue(
      String title, String body, List<String> assignees, String assignee, Boolean closed, String ref) {}

  /** {@code EditIssueOption}: null means unchanged. */
  public record EditIssue(
      String title, String body, String state, List<String> assignees, String assignee, String ref) {}

  /** {@code CreateIssueCommentOption}. */
  public record CreateComment(String body) {}

  /** {@code CreatePullRequestOption}. */
  public record CreatePull(
      String head, String base, String title, String body, String assignee, List<String> assignees,
      List<String> reviewers) {}

  /** {@code EditPullRequestOption}: null means unchanged. */
  public record EditPull(
      String title, String body, String base, String state, String assignee, List<String> assignees) {}

  /** {@code MergePullRequestOption}; accepts both the capitalised and the snake-case spellings. */
  public record Merge(
      @JsonProperty("Do") String style,
      @JsonProperty("MergeTitleField") @JsonAlias("merge_title_field") String title,
      @JsonProperty("MergeMessageField") @JsonAlias("merge_message_field") String message,
      @JsonProperty("MergeCommitID") @JsonAlias("merge_commit_id") String mergeCommitId,
      String headCommitId, Boolean forceMerge, Boolean mergeWhenChecksSucceed,
      Boolean deleteBranchAfterMerge) {}

  /** {@code CreatePullReviewOptions}. */
  public record CreateReview(String event, String body, String commitId, List<ReviewComment> comments) {}

  /** One inline comment of a review. */
  public record ReviewComment(String path, String body, Long oldPosition, Long newPosition) {}

  /** {@code PullReviewRequestOptions}. */
  public record ReviewRequests(List<String> reviewers, List<String> teamReviewers) {}

  /**
   * {@code CreateStatusOption}; {@code progress} (a Tidings extension) is kept as JSON so that a
   * fraction or a string is refused instead of rounded.
   */
  public record CreateStatus(
      String state, @JsonAlias("targetURL") String targetUrl, String description, String context,
      com.fasterxml.jackson.databind.JsonNode progress) {}
}
