package dev.tidings.bench.stats;

/**
 * A small log-linear histogram of non-negative longs (here: microseconds) with about 1.6% relative
 * precision; not thread-safe, so each recorder owns one and they are merged at the end.
 */
public final class Histogram {

  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  private static final int LINEAR = SUB * 2;
  private static final int SIZE = LINEAR + (63 - 7) * SUB;

  private final long[] counts = new long[SIZE];
  private long total;
  private long max;
  private long min = Long.MAX_VALUE;
  private double sum;

  /** Records one value; negative values (clock noise) count as 0. */
  public void record(long value) {
    long v = Math.max(0, value);
    counts[index(v)]++;
    total++;
    sum += v;
    if (v > max) {
      max = v;
    }
    if (v < min) {
      min = v;
    }
  }

  /** Adds another histogram's counts into this one. */
  public void add(Histogram other) {
    for (int i = 0; i < SIZE; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    sum += other.sum;
    max = Math.max(max, other.max);
    min = Math.min(min, other.min);
  }

  public long count() {
    return total;
  }

  public long max() {
    return total == 0 ? 0 : max;
  }

  public long min() {
    return total == 0 ? 0 : min;
  }

  public double mean() {
    return total == 0 ? 0 : sum / total;
  }

  /** The value at the given percentile (0-100), reported as the upper edge of its bucket (never above max). */
  public long percentile(double p) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(p / 100.0 * total);
    rank = Math.max(1, Math.min(total, rank));
    long seen = 0;
    for (int i = 0; i < SIZE; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, upperEdge(i));
      }
    }
    return max;
  }

  static int index(long v) {
    if (v < LINEAR) {
      return (int) v;
    }
    int exp = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS + 1
    int shift = exp - SUB_BITS;
    int sub = (int) ((v >>> shift) & (SUB - 1));
    return LINEAR + (exp - SUB_BITS - 1) * SUB + sub;
  }

  static long upperEdge(int index) {
    if (index < LINEAR) {
      return index;
    }
    int k = index - LINEAR;
    int exp = k / SUB + SUB_BITS + 1;
    int sub = k % SUB;
    int shift = exp - SUB_BITS;
    long lower = ((long) (SUB + sub)) << shift;
    return lower + (1L << shift) - 1;
  }
}
