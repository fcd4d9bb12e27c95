package dev.tidings.plugin.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.Audience;
import dev.tidings.hooks.EventType;
import dev.tidings.hooks.TidingsEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event size guard, the mention budget and the keyed rate limiter (review H4, M3). */
class AdmissionTest {

  static final RepoRef REPO = new RepoRef(1, "alice", "demo", false, false, "main");
  static final UserRef BOB = new UserRef(2, "bob", "Bob", "", false);
  final ObjectMapper mapper = new ObjectMapper();

  static TidingsEvent event(Map<String, Object> data, Set<String> mentions) {
    return new TidingsEvent("01ARZ3NDEKTSV4RRFFQ69G5FAV", EventType.PUSH, REPO, BOB, 1L, data,
        Audience.mentioning(mentions),
        new TidingsEvent.Subject(TidingsEvent.Subject.Kind.PUSH, "push:x", 0, "main", null, "u", null));
  }

  @Test
  void smallEventsPassUnchanged() {
    EventSizeGuard guard = new EventSizeGuard(mapper, 65_536);
    TidingsEvent e = event(Map.of("title", "t", "n", 1), Set.of());
    assertThat(guard.admit(e)).isSameAs(e);
  }

  @Test
  void bigEventsAreShrunkFirstByCuttingStringsThenToTheirTopLevel() {
    EventSizeGuard guard = new EventSizeGuard(mapper, 65_536);
    List<Map<String, Object>> commits = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      commits.add(Map.of("message", "m".repeat(1024), "author", Map.of("name", "n".repeat(1024), "email", "e".repeat(1024))));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("branch", "main");
    data.put("commits", commits);
    TidingsEvent shrunk = guard.admit(event(data, Set.of("alice")));
    assertThat(guard.size(shrunk.data())).isLessThanOrEqualTo(65_536);
    assertThat(shrunk.data()).containsEntry("data_truncated", true).containsEntry("branch", "main");
    assertThat((List<?>) shrunk.data().get("commits")).hasSize(30);
    assertThat(shrunk.mentions()).containsExactly("alice");

    List<String> many = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      many.add("x".repeat(100));
    }
    data.put("list", many);
    TidingsEvent stub = guard.admit(event(data, Set.of()));
    assertThat(guard.size(stub.data())).isLessThanOrEqualTo(65_536);
    assertThat(stub.data()).containsEntry("data_truncated", true).containsEntry("branch", "main")
        .containsEntry("list", List.of());
  }

  @Test
  void mentionsOverTheActorsBudgetAreDropped() {
    MentionBudget budget = new MentionBudget(60, 0);
    Set<String> fifty = new LinkedHashSet<>();
    for (int i = 0; i < 50; i++) {
      fifty.add("u" + i);
    }
    assertThat(budget.admit(event(Map.of(), fifty)).mentions()).hasSize(50);
    TidingsEvent second = budget.admit(event(Map.of(), fifty));
    assertThat(second.mentions()).hasSize(10).containsExactly("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9");
    assertThat(budget.admit(event(Map.of(), fifty)).mentions()).isEmpty();
    assertThat(budget.admit(event(Map.of(), Set.of())).mentions()).isEmpty();
  }

  @Test
  void aPushsCommitMentionsAreCutToTheBudgetToo() {
    MentionBudget budget = new MentionBudget(2, 0);
    Map<String, Object> data = Map.of("commits", List.of(
        Map.of("id", "a", "mentions", List.of("u1", "u2")), Map.of("id", "b", "mentions", List.of("u2", "u3"))));
    TidingsEvent e = budget.admit(event(data, new LinkedHashSet<>(List.of("u1", "u2", "u3"))));
    assertThat(e.mentions()).containsExactly("u1", "u2");
    assertThat(e.data().get("commits")).isEqualTo(List.of(
        Map.of("id", "a", "mentions", List.of("u1", "u2")), Map.of("id", "b", "mentions", List.of("u2"))));
  }

  @Test
  void rateLimiterAnswersRetryAfterAndKeepsBoundedKeys() {
    RateLimiter r = new RateLimiter(1, 2, 3);
    assertThat(r.tryTake("a", 1)).isZero();
    assertThat(r.tryTake("a", 1)).isZero();
    assertThat(r.tryTake("a", 1)).isEqualTo(1);
    assertThat(r.tryTake("b", 5)).isEqualTo(1); // never possible: time to a full bucket
    for (int i = 0; i < 100; i++) {
      r.tryTake("k" + i, 1);
    }
    assertThat(r.size()).isEqualTo(3);
  }
}
