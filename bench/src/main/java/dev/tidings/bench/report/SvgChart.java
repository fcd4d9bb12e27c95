package dev.tidings.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hand-written SVG line chart (no charting dependency): categories on x, one line per series,
 * a linear y axis from 0. Enough for "latency percentiles vs load" and "memory vs connections".
 */
public final class SvgChart {

  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
      "#e377c2", "#7f7f7f"};
  private static final int W = 640;
  private static final int H = 360;
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String> categories = new ArrayList<>();
  private final Map<String, Map<String, Double>> series = new LinkedHashMap<>();

  public SvgChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds one point; categories keep the order in which they first appear. */
  public SvgChart point(String seriesName, String category, double y) {
    if (!categories.contains(category)) {
      categories.add(category);
    }
    series.computeIfAbsent(seriesName, s -> new LinkedHashMap<>()).put(category, y);
    return this;
  }

  public boolean isEmpty() {
    return series.isEmpty();
  }

  public String render() {
    double max = 0;
    for (Map<String, Double> s : series.values()) {
      for (double v : s.values()) {
        if (!Double.isNaN(v)) {
          max = Math.max(max, v);
        }
      }
    }
    double step = niceStep(max <= 0 ? 1 : max / 5);
    double top = Math.max(step, Math.ceil(max / step) * step);
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    b.append(text(W / 2.0 - RIGHT / 2.0, 22, title, "middle", 14));
    for (double v = 0; v <= top + step / 2; v += step) {
      double y = TOP + ph - v / top * ph;
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
          LEFT, y, LEFT + pw, y));
      b.append(text(LEFT - 6, y + 4, ConsoleTable.format(v), "end", 11));
    }
    b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
        LEFT, TOP + ph, LEFT + pw, TOP + ph));
    b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
        LEFT, TOP, LEFT, TOP + ph));
    int n = categories.size();
    for (int i = 0; i < n; i++) {
      b.append(text(x(i, n, pw), TOP + ph + 16, categories.get(i), "middle", 11));
    }
    b.append(text(LEFT + pw / 2.0, H - 10, xLabel, "middle", 12));
    b.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
        TOP + ph / 2.0, TOP + ph / 2.0, escape(yLabel)));
    int si = 0;
    for (Map.Entry<String, Map<String, Double>> s : series.entrySet()) {
      String color = COLORS[si % COLORS.length];
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < n; i++) {
        Double v = s.getValue().get(categories.get(i));
        if (v == null || v.isNaN()) {
          continue;
        }
        double px = x(i, n, pw);
        double py = TOP + ph - v / top * ph;
        path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
        b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, color));
      }
      if (path.length() > 0) {
        b.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
            path, color));
      }
      double ly = TOP + 10 + si * 18;
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          W - RIGHT + 12, ly, W - RIGHT + 32, ly, color));
      b.append(text(W - RIGHT + 38, ly + 4, s.getKey(), "start", 11));
      si++;
    }
    b.append("</svg>\n");
    return b.toString();
  }

  private static double x(int i, int n, int pw) {
    return LEFT + (n == 1 ? pw / 2.0 : pw * (0.05 + 0.9 * i / (n - 1.0)));
  }

  private static double niceStep(double raw) {
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / mag;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * mag;
  }

  private static String text(double x, double y, String s, String anchor, int size) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x, y, anchor, size, escape(s));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
