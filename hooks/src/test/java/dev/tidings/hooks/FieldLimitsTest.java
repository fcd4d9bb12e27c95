package dev.tidings.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.samplehost.api.events.CommentEvent;
import dev.samplehost.api.events.IssueEvent;
import dev.samplehost.api.events.IssueSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every string in event data is capped and flagged, so a huge title is not repeated in every event (review H4). */
class FieldLimitsTest {

  static final RepoRef REPO = new RepoRef(1, "alice", "demo", false, false, "main");
  static final UserRef BOB = TestDirectory.user0("bob");

  @Test
  void aHugeTitleIsCutTo255InEveryEventAndInTheSubject() {
    List<TidingsEvent> events = new ArrayList<>();
    HostEventTranslator t = new HostEventTranslator(events::add, new MentionExtractor(new TestDirectory()), "http://h/");
    IssueSnapshot issue = new IssueSnapshot(10, 3, false, "@alice " + "T".repeat(4_000_000), "body", "open",
        BOB, List.of(), "http://h/alice/demo/issues/3");
    t.onIssue(new IssueEvent(IssueEvent.Action.OPENED, BOB, REPO, issue, List.of()));
    t.onComment(new CommentEvent(BOB, REPO, issue, 7, "ping @carol", "http://h/alice/demo/issues/3#c7"));
    assertThat(events).hasSize(2).allSatisfy(e -> {
      assertThat((String) e.data().get("title")).hasSize(255).startsWith("@alice TTT").endsWith("\u2026");
      assertThat(e.data()).containsEntry("title_truncated", true);
      assertThat(e.subject().title()).hasSize(255);
    });
    assertThat(events.get(0).mentions()).containsExactly("alice");
    assertThat(events.get(1).mentions()).containsExactly("carol");
  }

  @Test
  void shortStringsAreKeptAsTheyAreWithoutFlags() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("title", "T".repeat(255));
    data.put("nested", Map.of("name", "n".repeat(1024)));
    data.put("n", 3L);
    assertThat(FieldLimits.apply(data)).isEqualTo(data);
  }

  @Test
  void nestedStringsListsAndSurrogatePairsAreCut() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("actor", Map.of("full_name", "\uD83D\uDE00".repeat(2000)));
    data.put("assignees", List.of("a".repeat(5000), "b"));
    Map<String, Object> out = FieldLimits.apply(data);
    @SuppressWarnings("unchecked")
    Map<String, Object> actor = (Map<String, Object>) out.get("actor");
    String name = (String) actor.get("full_name");
    assertThat(name.codePointCount(0, name.length())).isEqualTo(FieldLimits.MAX_STRING);
    assertThat(name).endsWith("\uD83D\uDE00\u2026");
    assertThat(actor).containsEntry("full_name_truncated", true);
    assertThat(out).containsEntry("assignees_truncated", true);
    assertThat((List<?>) out.get("assignees")).element(1).isEqualTo("b");
  }
}
