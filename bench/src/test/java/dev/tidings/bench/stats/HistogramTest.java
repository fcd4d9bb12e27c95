package dev.tidings.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The bench's small histogram: percentiles within its stated precision, merging, edge cases. */
class HistogramTest {

  @Test
  void percentilesOfAUniformRangeAreWithinTwoPercent() {
    Histogram h = new Histogram();
    for (long v = 1; v <= 100_000; v++) {
      h.record(v);
    }
    assertThat(h.count()).isEqualTo(100_000);
    assertThat((double) h.percentile(50)).isCloseTo(50_000, within(1_000.0));
    assertThat((double) h.percentile(99)).isCloseTo(99_000, within(2_000.0));
    assertThat(h.percentile(100)).isEqualTo(100_000);
    assertThat(h.max()).isEqualTo(100_000);
    assertThat(h.min()).isEqualTo(1);
  }

  @Test
  void smallValuesAreExact() {
    Histogram h = new Histogram();
    for (int v = 0; v < 100; v++) {
      h.record(v);
    }
    assertThat(h.percentile(50)).isEqualTo(49);
    assertThat(h.percentile(1)).isEqualTo(0);
  }

  @Test
  void mergingAddsCountsAndKeepsExtremes() {
    Histogram a = new Histogram();
    Histogram b = new Histogram();
    a.record(10);
    b.record(1_000_000);
    b.record(-5);
    a.add(b);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.max()).isEqualTo(1_000_000);
    assertThat(a.min()).isZero();
  }

  @Test
  void emptyHistogramAnswersZero() {
    Histogram h = new Histogram();
    assertThat(h.percentile(99)).isZero();
    assertThat(h.max()).isZero();
    assertThat(h.mean()).isZero();
  }

  @Test
  void bucketEdgesAreMonotonic() {
    long previous = -1;
    for (long v = 0; v < 50_000_000L; v = v * 3 / 2 + 1) {
      long edge = Histogram.upperEdge(Histogram.index(v));
      assertThat(edge).isGreaterThanOrEqualTo(v).isGreaterThanOrEqualTo(previous);
      assertThat((double) edge - v).isLessThanOrEqualTo(Math.max(1, v / 32.0));
      previous = edge;
    }
  }
}
