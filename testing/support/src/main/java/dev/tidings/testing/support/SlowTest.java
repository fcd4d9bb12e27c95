package dev.tidings.testing.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a measurement-heavy test (tens of thousands of rows, events or clients): it asserts behaviour,
 * never timing, but takes seconds, so the build runs it with the host-level tests in failsafe.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(SlowTest.TAG)
public @interface SlowTest {
  /** The JUnit tag; the poms select on it. */
  String TAG = "slow";
}
