package dev.tidings.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Event types by wire name, their channel families, and the audience a mention budget trims. */
class EventTypeTest {

  @Test
  void everyTypeIsFoundByItsWireNameAndPrintsAsIt() {
    for (EventType t : EventType.values()) {
      assertThat(EventType.of(t.wire())).isSameAs(t);
      assertThat(t).hasToString(t.wire());
    }
    assertThatThrownBy(() -> EventType.of("pr.assign")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pullRequestAndIssueTypesAreTold() {
    assertThat(EventType.PR_REVIEW_REQUESTED.pullRequest()).isTrue();
    assertThat(EventType.ISSUE_ASSIGNED.issue()).isTrue();
    assertThat(EventType.PUSH.pullRequest() || EventType.PUSH.issue()).isFalse();
  }

  @Test
  void keepingMentionsTrimsTheTextAndEveryCommitButNotAssigneesOrReviewers() {
    Audience a = new Audience(Set.of("bob", "carol"), List.of("dave"), List.of("eve"),
        List.of(new Audience.CommitMention("c1", "hi @bob @carol", List.of("bob", "carol")),
            new Audience.CommitMention("c2", "hi @carol", List.of("carol"))));

    Audience kept = a.keepingMentions(Set.of("bob"));

    assertThat(kept.mentioned()).containsExactly("bob");
    assertThat(kept.commits()).extracting(Audience.CommitMention::mentioned)
        .containsExactly(List.of("bob"), List.of());
    assertThat(kept.assignees()).containsExactly("dave");
    assertThat(kept.reviewers()).containsExactly("eve");
  }
}
