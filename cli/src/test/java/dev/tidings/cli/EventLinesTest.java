package dev.tidings.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The human line of every kind of event, and control characters kept out of the terminal. */
class EventLinesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventLines lines = new EventLines(ZoneOffset.UTC);
  private static final String REPO = "\"repository\":{\"full_name\":\"alice/demo\"},\"actor\":{\"login\":\"bob\"}";

  private String line(String event, String data) throws Exception {
    return lines.line(JSON.readTree("{\"type\":\"event\",\"event\":\"" + event + "\",\"timestamp\":43384000,\"data\":{" + REPO
        + (data.isEmpty() ? "" : "," + data) + "}}"));
  }

  @Test
  void pushesBranchesAndTags() throws Exception {
    assertThat(line("push", "\"branch\":\"main\",\"total_commits\":3,\"pusher\":{\"login\":\"bob\"},"
        + "\"commits\":[{\"message\":\"fix x\"},{\"message\":\"older\"}]"))
        .isEqualTo("12:03:04 alice/demo push main 3 commits by bob: \"fix x\"");
    assertThat(line("push", "\"branch\":\"main\",\"forced\":true,\"total_commits\":1,\"pusher\":{\"login\":\"bob\"},"
        + "\"commits\":[{\"message\":\"redo\"}]")).isEqualTo("12:03:04 alice/demo force-push main 1 commit by bob: \"redo\"");
    assertThat(line("push", "\"branch\":\"main\",\"forced\":true,\"total_commits\":0,\"after\":\"0123456789abcdef\","
        + "\"pusher\":{\"login\":\"bob\"},\"commits\":[]")).isEqualTo("12:03:04 alice/demo force-push main to 0123456 by bob");
    assertThat(line("branch.created", "\"branch\":\"feature\",\"sha\":\"abcdef0123\""))
        .isEqualTo("12:03:04 alice/demo branch created feature at abcdef0 by bob");
    assertThat(line("branch.deleted", "\"branch\":\"feature\",\"sha\":\"abcdef0123\""))
        .isEqualTo("12:03:04 alice/demo branch deleted feature (was abcdef0) by bob");
    assertThat(line("tag.created", "\"tag\":\"v1\",\"sha\":\"abcdef0123\"")).isEqualTo("12:03:04 alice/demo tag created v1 at abcdef0 by bob");
    assertThat(line("tag.deleted", "\"tag\":\"v1\",\"sha\":\"abcdef0123\"")).isEqualTo("12:03:04 alice/demo tag deleted v1 (was abcdef0) by bob");
  }

  @Test
  void pullRequestsIssuesCommentsAndReviews() throws Exception {
    assertThat(line("pr.opened", "\"number\":3,\"title\":\"Add x\"")).isEqualTo("12:03:04 alice/demo PR #3 opened by bob: \"Add x\"");
    assertThat(line("pr.merged", "\"number\":3,\"title\":\"Add x\"")).isEqualTo("12:03:04 alice/demo PR #3 merged by bob: \"Add x\"");
    assertThat(line("pr.review", "\"number\":3,\"review\":{\"state\":\"approved\",\"body_excerpt\":\"LGTM\"}"))
        .isEqualTo("12:03:04 alice/demo PR #3 review approved by bob: \"LGTM\"");
    assertThat(line("pr.review_requested", "\"number\":3,\"reviewer\":{\"login\":\"carol\"}"))
        .isEqualTo("12:03:04 alice/demo PR #3 review requested from carol by bob");
    assertThat(line("pr.comment", "\"number\":3,\"comment\":{\"body_excerpt\":\"nice\"}"))
        .isEqualTo("12:03:04 alice/demo PR #3 comment by bob: \"nice\"");
    assertThat(line("pr.synchronized", "\"number\":3,\"before\":\"1111111111\",\"after\":\"2222222222\""))
        .isEqualTo("12:03:04 alice/demo PR #3 updated by bob: 1111111..2222222");
    assertThat(line("issue.opened", "\"number\":4,\"title\":\"Bug\"")).isEqualTo("12:03:04 alice/demo issue #4 opened by bob: \"Bug\"");
    assertThat(line("issue.comment", "\"number\":4,\"comment\":{\"body_excerpt\":\"me too\"}"))
        .isEqualTo("12:03:04 alice/demo issue #4 comment by bob: \"me too\"");
    assertThat(line("issue.assigned", "\"number\":4,\"assigned\":[\"carol\",\"dave\"]"))
        .isEqualTo("12:03:04 alice/demo issue #4 assigned to carol, dave by bob");
    assertThat(line("ci.build", "\"publisher\":\"ci-bot\"")).isEqualTo("12:03:04 alice/demo ci.build by bob via ci-bot");
  }

  @Test
  void notifications() throws Exception {
    assertThat(line("notification", "\"thread\":{\"reason\":\"mention\",\"repository\":{\"full_name\":\"alice/demo\"},"
        + "\"subject\":{\"type\":\"Pull\",\"title\":\"Add x\"}},\"unread_count\":3"))
        .isEqualTo("12:03:04 notification [mention] alice/demo Pull \"Add x\" (unread 3)");
    assertThat(line("notification.read", "\"status\":\"read\",\"ids\":[1,2],\"total\":2,\"unread_count\":0"))
        .isEqualTo("12:03:04 notifications marked read: 2 (unread 0)");
  }

  @Test
  void controlCharactersAndLineBreaksNeverReachTheTerminal() throws Exception {
    assertThat(line("issue.opened", "\"number\":4,\"title\":\"a\\u001b[2Jb\\nc\\u009bd\\u202ee\""))
        .isEqualTo("12:03:04 alice/demo issue #4 opened by bob: \"a?[2Jb c?d?e\"");
  }
}
