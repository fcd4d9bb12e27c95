package dev.tidings.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints results as a plain-text table: one row per case and server, the key figures, and ratios to bare. */
public final class ConsoleTable {

  private ConsoleTable() {
  }

  public static void print(List<Result> results, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"scenario", "case", "server", "figures", "x bare"});
    for (Result r : results) {
      StringBuilder f = new StringBuilder();
      for (Map.Entry<String, Object> e : r.metrics().entrySet()) {
        if (f.length() > 0) {
          f.append(' ');
        }
        f.append(e.getKey()).append('=').append(format(e.getValue()));
      }
      StringBuilder x = new StringBuilder();
      for (Map.Entry<String, Double> e : r.ratios().entrySet()) {
        if (x.length() > 0) {
          x.append(' ');
        }
        x.append(e.getKey()).append('=').append(format(e.getValue()));
      }
      rows.add(new String[] {r.scenario(), r.kase(), r.server(), f.toString(), x.toString()});
    }
    int[] w = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < 3; i++) {
        w[i] = Math.max(w[i], row[i].length());
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      String[] row = rows.get(i);
      out.printf("%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %s%n", row[0], row[1], row[2], row[3]);
      if (i > 0 && !row[4].isEmpty()) {
        out.printf("%-" + (w[0] + w[1] + w[2] + 4) + "s  ratio to bare: %s%n", "", row[4]);
      }
    }
  }

  static String format(Object v) {
    if (v instanceof Double d) {
      double a = Math.abs(d);
      if (a >= 100) {
        return String.format(Locale.ROOT, "%.0f", d);
      }
      if (a >= 10) {
        return String.format(Locale.ROOT, "%.1f", d);
      }
      return String.format(Locale.ROOT, "%.2f", d);
    }
    return String.valueOf(v);
  }
}
