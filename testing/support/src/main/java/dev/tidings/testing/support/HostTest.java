package dev.tidings.testing.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a host-level test: it starts a host, a server or a process, or runs a real git, a browser or
 * node. The build runs these in failsafe's {@code integration-test} phase (after {@code package});
 * {@code mvn test} runs only the unit tests.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(HostTest.TAG)
public @interface HostTest {
  /** The JUnit tag; the poms select on it. */
  String TAG = "host";
}
