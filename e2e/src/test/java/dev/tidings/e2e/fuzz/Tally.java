package dev.tidings.e2e.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of answers (by answer, and by input kind and answer) and the failures with their reproduction. */
final class Tally {
  private final Map<String, LongAdder> byAnswer = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> byKind = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> byCode = new ConcurrentSkipListMap<>();
  private final List<String> failures = new ArrayList<>();
  private final Map<String, LongAdder> failureCounts = new ConcurrentHashMap<>();
  private final LongAdder inputs = new LongAdder();

  void count(String kind, String answer) {
    inputs.increment();
    byAnswer.computeIfAbsent(answer, k -> new LongAdder()).increment();
    byKind.computeIfAbsent(kind + " -> " + answer, k -> new LongAdder()).increment();
    for (String code : answer.split(" \\+ ")) {
      byCode.computeIfAbsent(code, k -> new LongAdder()).increment();
    }
  }

  synchronized void fail(String message) {
    failureCounts.computeIfAbsent(message.replaceAll("input \\d+", "input N").lines().findFirst().orElse(""),
        k -> new LongAdder()).increment();
    if (failures.size() < 30) {
      failures.add(message);
      System.out.println("[fuzz] FAILURE " + message); // at once: a long run may be read while it goes on
    }
  }

  synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  long failureCount() {
    return failureCounts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long inputs() {
    return inputs.sum();
  }

  /** The answer table: one line per answer with its count. */
  String answers() {
    StringBuilder b = new StringBuilder();
    byAnswer.forEach((k, v) -> b.append(String.format("  %10d  %s%n", v.sum(), k)));
    return b.toString();
  }

  /** Inputs per single answer code (an input answered with an error and a close counts under both). */
  String codes() {
    StringBuilder b = new StringBuilder();
    byCode.forEach((k, v) -> b.append(String.format("  %10d  %s%n", v.sum(), k)));
    return b.toString();
  }

  /** Per input kind: each answer it got, with counts. */
  String byKind() {
    StringBuilder b = new StringBuilder();
    byKind.forEach((k, v) -> b.append(String.format("  %10d  %s%n", v.sum(), k)));
    return b.toString();
  }

  List<String> answerKeys() {
    return new ArrayList<>(byAnswer.keySet());
  }
}
