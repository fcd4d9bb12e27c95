package dev.tidings.testing.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The shared helpers themselves: what they return, and how they fail. */
class SupportTest {

  @Test
  void basicEncodesUserAndPasswordAndIsNullForAnonymous() {
    assertThat(BasicAuth.basic("alice", "tidings-alice")).isEqualTo("Basic YWxpY2U6dGlkaW5ncy1hbGljZQ==");
    assertThat(BasicAuth.basic(null, null)).isNull();
  }

  @Test
  void awaitReturnsTheFirstPresentValueAndNamesWhatTimedOut() {
    AtomicInteger probes = new AtomicInteger();
    assertThat(Await.until("third probe", Duration.ofSeconds(5), Duration.ofMillis(1),
        () -> probes.incrementAndGet() >= 3 ? Optional.of("done") : Optional.empty())).isEqualTo("done");
    assertThat(probes).hasValue(3);
    assertThatThrownBy(() -> Await.isTrue("never", Duration.ofMillis(30), () -> false))
        .isInstanceOf(AssertionError.class).hasMessageContaining("waiting for: never");
  }

  @Test
  void aMissingRequirementSkipsUnlessEverythingIsRequired() {
    Requirements.require(true, "present");
    String before = System.getProperty(Requirements.REQUIRE_ALL);
    try {
      System.setProperty(Requirements.REQUIRE_ALL, "false");
      if (!Requirements.requireAll()) { // the environment variable may be set (CI)
        assertThatThrownBy(() -> Requirements.require(false, "a tool"))
            .isInstanceOf(TestAbortedException.class).hasMessageContaining("a tool");
      }
      System.setProperty(Requirements.REQUIRE_ALL, "true");
      assertThatThrownBy(() -> Requirements.require(false, "a tool"))
          .isInstanceOf(AssertionError.class).hasMessageContaining("a tool");
    } finally {
      if (before == null) {
        System.clearProperty(Requirements.REQUIRE_ALL);
      } else {
        System.setProperty(Requirements.REQUIRE_ALL, before);
      }
    }
  }
}
