package dev.tidings.testing.support;

import dev.tidings.testing.git.GitCli;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (git, node, Chromium, a built jar). A missing one skips the
 * test, loudly; with {@code -Dtidings.requireAll=true} or the environment variable
 * {@code TIDINGS_REQUIRE_ALL=true} (CI's {@code .ci/run} sets it) it fails the test instead, so a green
 * build cannot hide a suite that did not run.
 */
public final class Requirements {
  /** The system property that turns skips into failures (the build passes Maven's property of that name on). */
  public static final String REQUIRE_ALL = "tidings.requireAll";
  /** The environment variable that does the same (so CI can keep the README's command as it is). */
  public static final String REQUIRE_ALL_ENV = "TIDINGS_REQUIRE_ALL";

  private Requirements() {}

  /** Whether missing requirements fail tests instead of skipping them. */
  public static boolean requireAll() {
    return Boolean.getBoolean(REQUIRE_ALL) || "true".equalsIgnoreCase(System.getenv(REQUIRE_ALL_ENV));
  }

  /**
   * Returns when {@code present}; otherwise skips the calling test with {@code whatIsMissing}, or fails it
   * under {@code -Dtidings.requireAll=true}.
   */
  public static void require(boolean present, String whatIsMissing) {
    if (present) {
      return;
    }
    if (requireAll()) {
      throw new AssertionError("Missing, and " + REQUIRE_ALL + " (" + REQUIRE_ALL_ENV + ") does not allow "
          + "skipping: " + whatIsMissing);
    }
    Assumptions.abort(whatIsMissing);
  }

  /** Requires the {@code git} command line on the PATH. */
  public static void git() {
    require(GitCli.available(), "\n\n*** SKIPPED: no `git` on the PATH (Debian: apt-get install -y git) ***\n");
  }
}
