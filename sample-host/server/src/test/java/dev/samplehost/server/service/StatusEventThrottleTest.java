package dev.samplehost.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The coalescing rule of commit status events: state changes at once, progress at most once per window. */
class StatusEventThrottleTest {

  private final StatusEventThrottle throttle = new StatusEventThrottle();
  private final List<String> fired = new CopyOnWriteArrayList<>();

  @Test
  void stateChangesFireAtOnceAndAProgressBurstDeliversOnlyItsLatest() {
    throttle.submit("k", false, () -> fired.add("pending 0"));
    assertThat(fired).containsExactly("pending 0");
    for (int p = 1; p <= 5; p++) {
      int percent = p;
      throttle.submit("k", true, () -> fired.add("pending " + percent));
    }
    assertThat(fired).as("held inside the window").containsExactly("pending 0");
    Await.until("the latest progress", Duration.ofSeconds(5),
        () -> fired.size() == 2 ? Optional.of(true) : Optional.empty());
    assertThat(fired).containsExactly("pending 0", "pending 5");
  }

  @Test
  void aStateChangeDropsTheHeldProgressSoItNeverArrivesAfterTheFinalState() {
    throttle.submit("k", false, () -> fired.add("pending"));
    throttle.submit("k", true, () -> fired.add("progress"));
    throttle.submit("k", false, () -> fired.add("success"));
    assertThat(fired).containsExactly("pending", "success");
    // A later progress of the same key is held again; the dropped one must not come with it.
    throttle.submit("k", true, () -> fired.add("next"));
    Await.until("the next held progress", Duration.ofSeconds(5),
        () -> fired.contains("next") ? Optional.of(true) : Optional.empty());
    assertThat(fired).containsExactly("pending", "success", "next");
  }

  @Test
  void keysAreIndependent() {
    throttle.submit("a", false, () -> fired.add("a"));
    throttle.submit("b", true, () -> fired.add("b first progress"));
    assertThat(fired).as("a first progress of a key fires at once").containsExactly("a", "b first progress");
  }
}
