package dev.samplehost.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.Identity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.Fields;
import org.junit.jupiter.api.Test;

/** The router, pagination and JSON conventions, without a server. */
class RouterAndJsonTest {

  private final ApiJson json = new ApiJson();

  @Test
  void routerMatchesMethodAndVariables() {
    Route a = call -> ApiResult.noContent();
    Route b = call -> ApiResult.noContent();
    Router router = new Router().add("GET", "/repos/{owner}/{repo}", a).add("GET", "/repos/{owner}/{repo}/branches/{branch*}", b);
    Router.Match m = router.match("GET", "/repos/alice/demo").orElseThrow();
    assertThat(m.route()).isSameAs(a);
    assertThat(m.params()).isEqualTo(Map.of("owner", "alice", "repo", "demo"));
    assertThat(router.match("GET", "/repos/alice/demo/").orElseThrow().route()).isSameAs(a);
    assertThat(router.match("POST", "/repos/alice/demo")).isEmpty();
    assertThat(router.match("GET", "/repos/alice")).isEmpty();
    assertThat(router.match("GET", "/repos/alice/demo/branches/feature/x").orElseThrow().params())
        .containsEntry("branch", "feature/x");
  }

  @Test
  void aMiddleRestSegmentTakesEverythingBetweenItsNeighbours() {
    Route statuses = call -> ApiResult.noContent();
    Route status = call -> ApiResult.noContent();
    Router router = new Router().add("GET", "/repos/{owner}/{repo}/commits/{ref*}/statuses", statuses)
        .add("GET", "/repos/{owner}/{repo}/commits/{ref*}/status", status);
    Router.Match m = router.match("GET", "/repos/alice/demo/commits/refs/heads/feature/login/statuses").orElseThrow();
    assertThat(m.route()).isSameAs(statuses);
    assertThat(m.params()).isEqualTo(Map.of("owner", "alice", "repo", "demo", "ref", "refs/heads/feature/login"));
    assertThat(router.match("GET", "/repos/alice/demo/commits/main/status").orElseThrow().route()).isSameAs(status);
    assertThat(router.match("GET", "/repos/alice/demo/commits/main/status").orElseThrow().params())
        .containsEntry("ref", "main");
    // A branch may itself end in "status": the last segment decides the route.
    assertThat(router.match("GET", "/repos/alice/demo/commits/ci/status/statuses").orElseThrow().params())
        .containsEntry("ref", "ci/status");
    assertThat(router.match("GET", "/repos/alice/demo/commits/statuses")).as("no ref").isEmpty();
    assertThat(router.match("GET", "/repos/alice/demo/commits/main/checks")).isEmpty();
  }

  @Test
  void pagingClampsAndBuildsGiteaLinks() {
    Fields query = new Fields();
    query.add("state", "all");
    query.add("limit", "1");
    query.add("page", "2");
    ApiCall call = new ApiCall("GET", "/repos/o/r/issues", Map.of(), "state=all&limit=1&page=2", query, "", Identity.anonymous(), "http://h/", json);
    Paging paging = Paging.of(call);
    assertThat(paging).isEqualTo(new Paging(2, 1));
    assertThat(paging.linkHeader(call, 3)).isEqualTo(
        "<http://h/api/v1/repos/o/r/issues?state=all&limit=1&page=3>; rel=\"next\","
            + "<http://h/api/v1/repos/o/r/issues?state=all&limit=1&page=3>; rel=\"last\","
            + "<http://h/api/v1/repos/o/r/issues?state=all&limit=1&page=1>; rel=\"first\","
            + "<http://h/api/v1/repos/o/r/issues?state=all&limit=1&page=1>; rel=\"prev\"");
    Fields big = new Fields();
    big.add("limit", "500");
    big.add("page", "-3");
    assertThat(Paging.of(new ApiCall("GET", "/x", Map.of(), "limit=500&page=-3", big, "", Identity.anonymous(), "http://h/", json)))
        .isEqualTo(new Paging(1, 50));
    assertThat(new Paging(3, 2).slice(List.of(1, 2, 3, 4, 5))).containsExactly(5);
    assertThat(new Paging(4, 2).slice(List.of(1, 2, 3))).isEmpty();
  }

  @Test
  void jsonUsesGiteaNamesAndSecondPrecisionTimes() throws Exception {
    IssueJson.PullRequestMeta meta = new IssueJson.PullRequestMeta(true,
        ApiJson.time(Instant.parse("2026-01-02T03:04:05.678Z")), false, "h");
    JsonNode node = json.mapper().readTree(json.write(meta));
    assertThat(node.get("merged_at").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(node.has("html_url")).isTrue();
    RepositoryJson.Permissions perms = new RepositoryJson.Permissions(true, true, true);
    assertThat(json.write(perms)).isEqualTo("{\"admin\":true,\"push\":true,\"pull\":true}");
    String user = json.write(new UserJson(1, "a", "a", "", 0, "", "", "", "", "", true, null, null, false,
        true, false, "", "", "", "public", 0, 0, 0));
    assertThat(user).contains("\"is_admin\":true", "\"prohibit_login\":false", "\"starred_repos_count\":0",
        "\"last_login\":null").doesNotContain("\"admin\"");
    String issue = json.write(new IssueJson(1, "u", "h", 1, null, "", 0, "t", "b", "", List.of(), List.of(), null,
        null, null, "open", false, 0, null, null, null, null, null, null, 0));
    assertThat(issue).contains("\"is_locked\":false", "\"pull_request\":null", "\"closed_at\":null",
        "\"original_author_id\":0", "\"pin_order\":0").doesNotContain("\"locked\"");
    assertThat(json.write(new AccessTokenJson(1, "n", "s", "12345678", List.of("all"))))
        .isEqualTo("{\"id\":1,\"name\":\"n\",\"sha1\":\"s\",\"token_last_eight\":\"12345678\",\"scopes\":[\"all\"]}");
    assertThat(json.write(new BranchJson("main", null, false, 0, false, List.of(), true, true, "")))
        .contains("\"protected\":false", "\"user_can_push\":true");
  }

  @Test
  void requestKeysAreCaseInsensitiveAndMergeAcceptsBothSpellings() {
    ApiOptions.CreateIssue issue = json.read("{\"Title\":\"t\",\"BODY\":\"b\"}", ApiOptions.CreateIssue.class);
    assertThat(issue.title()).isEqualTo("t");
    assertThat(issue.body()).isEqualTo("b");
    assertThat(json.read("{\"Do\":\"merge\",\"MergeTitleField\":\"x\"}", ApiOptions.Merge.class).style()).isEqualTo("merge");
    ApiOptions.Merge lower = json.read("{\"do\":\"squash\",\"merge_title_field\":\"y\",\"head_commit_id\":\"abc\"}", ApiOptions.Merge.class);
    assertThat(lower.style()).isEqualTo("squash");
    assertThat(lower.title()).isEqualTo("y");
    assertThat(lower.headCommitId()).isEqualTo("abc");
    assertThat(json.read("{\"private\":true,\"name\":\"n\"}", ApiOptions.CreateRepo.class).isPrivate()).isTrue();
    assertThat(json.read("", ApiOptions.CreateIssue.class).title()).isNull();
  }

  @Test
  void badBodiesAreClientErrors() {
    assertThatThrownBy(() -> json.read("{\"title\":", ApiOptions.CreateIssue.class))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> json.read("[1,2]", ApiOptions.CreateIssue.class))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422));
    assertThatThrownBy(() -> json.read("{\"assignees\":{\"a\":1}}", ApiOptions.CreateIssue.class))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("[assignees]: invalid value"));
  }
}
