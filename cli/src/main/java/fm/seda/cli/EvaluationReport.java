package fm.seda.cli;

import fm.seda.engine.evaluation.Evaluation;
import fm.seda.engine.evaluation.Tuning;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The evaluation as one self-contained HTML page: the numbers, metric-versus-K line charts per
 * recommender and the popularity-bias bars, drawn as inline SVG (no script, nothing fetched).
 */
final class EvaluationReport {

  private static final String[] COLOURS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
  };
  private static final int WIDTH = 460;
  private static final int HEIGHT = 260;
  private static final int PAD = 40;

  private EvaluationReport() {}

  static String html(
      Evaluation.Result result, Evaluation.Options options, Tuning.@Nullable Outcome tuned) {
    var html = new StringBuilder();
    html.append(
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8">
        <title>seda offline evaluation</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
        table{border-collapse:collapse;font-size:13px}td,th{padding:3px 8px;text-align:right;border-bottom:1px solid #ddd}
        td:first-child,th:first-child{text-align:left}.best{font-weight:bold;background:#eef6ee}
        .charts{display:flex;flex-wrap:wrap;gap:1.5em}figure{margin:0}figcaption{font-size:13px;color:#555}
        svg text{font-size:11px}
        </style></head><body>
        """);
    html.append("<h1>Offline evaluation</h1><p>")
        .append(escape(result.dataset()))
        .append(": ")
        .append(String.format(Locale.ROOT, "%,d", result.users()))
        .append(" users, ")
        .append(String.format(Locale.ROOT, "%,d", result.items()))
        .append(" items, ")
        .append(String.format(Locale.ROOT, "%,d", result.interactions()))
        .append(" interactions. ")
        .append(escape(result.split()))
        .append(" split, ")
        .append(Math.round(options.testShare() * 100))
        .append(" % of each user's items held out, seed ")
        .append(options.seed())
        .append("; ")
        .append(result.testUsers())
        .append(" users tested. Hybrid weights ")
        .append(escape(String.valueOf(options.weights())))
        .append(", ")
        .append(options.perSource())
        .append(" candidates per source.</p>");
    if (tuned != null) {
      html.append(
              "<p>Tuned on a validation split of the training part (test part untouched): best ")
          .append(escape(String.valueOf(tuned.best())))
          .append(
              String.format(Locale.ROOT, ", validation NDCG@%d %.4f", tuned.k(), tuned.bestNdcg()))
          .append(" over ")
          .append(tuned.trials().size())
          .append(" grid points; evaluated as <b>hybrid-tuned</b>.</p>");
    }
    html.append(table(result, options));
    html.append("<h2>Metric against list length</h2><div class=\"charts\">");
    for (String metric : List.of("ndcg", "recall", "map", "hit_rate", "coverage")) {
      html.append(lineChart(result, options, metric));
    }
    html.append("</div><h2>Popularity bias</h2>")
        .append(
            "<p>Where each recommender's items come from: the share of its recommendations (at the"
                + " largest K) in each tenth of the catalogue by popularity in training, most"
                + " popular tenth first; <i>held-out</i> is what users really went on to play.</p>")
        .append(popularityBars(result))
        .append("</body></html>\n");
    return html.toString();
  }

  private static String table(Evaluation.Result result, Evaluation.Options options) {
    var keys = new ArrayList<String>();
    var metrics = List.of("recall", "ndcg", "map", "hit_rate", "coverage", "novelty", "ild");
    for (String m : metrics) {
      for (int k : options.ks()) {
        if (k == 10 || k == 50 || options.ks().size() <= 2) {
          keys.add(m + "@" + k);
        }
      }
    }
    var t = new StringBuilder("<table><tr><th>recommender</th>");
    keys.forEach(k -> t.append("<th>").append(k).append("</th>"));
    t.append("<th>seconds</th></tr>");
    for (var e : result.metrics().entrySet()) {
      t.append("<tr><td>").append(escape(e.getKey())).append("</td>");
      for (String k : keys) {
        Double v = e.getValue().get(k);
        boolean best =
            v != null
                && !k.startsWith("novelty")
                && result.metrics().values().stream()
                    .allMatch(o -> o.getOrDefault(k, Double.NEGATIVE_INFINITY) <= v);
        t.append(best ? "<td class=\"best\">" : "<td>")
            .append(v == null ? "-" : String.format(Locale.ROOT, "%.4f", v))
            .append("</td>");
      }
      t.append(String.format(Locale.ROOT, "<td>%.1f</td></tr>", result.seconds().get(e.getKey())));
    }
    Double novel = result.metrics().getOrDefault("hybrid", Map.of()).get("novel_share");
    t.append("</table>");
    if (novel != null) {
      t.append(
          String.format(
              Locale.ROOT,
              "<p>Hybrid novel share: %.3f (every candidate is new to the user offline, so the"
                  + " ≥ 30 %% rule always holds here).</p>",
              novel));
    }
    return t.toString();
  }

  private static String lineChart(
      Evaluation.Result result, Evaluation.Options options, String metric) {
    List<Integer> ks = options.ks();
    double max = 0;
    for (var m : result.metrics().values()) {
      for (int k : ks) {
        max = Math.max(max, m.getOrDefault(metric + "@" + k, 0.0));
      }
    }
    max = max == 0 ? 1 : max * 1.1;
    var svg =
        new StringBuilder("<figure><svg width=\"")
            .append(WIDTH)
            .append("\" height=\"")
            .append(HEIGHT)
            .append("\" role=\"img\" aria-label=\"")
            .append(metric)
            .append(" against K\">");
    axes(svg, max);
    for (int i = 0; i < ks.size(); i++) {
      double x = x(i, ks.size());
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%d</text>",
              x,
              HEIGHT - PAD + 15,
              ks.get(i)));
    }
    int series = 0;
    for (var e : result.metrics().entrySet()) {
      String colour = COLOURS[series % COLOURS.length];
      var points = new StringBuilder();
      for (int i = 0; i < ks.size(); i++) {
        double v = e.getValue().getOrDefault(metric + "@" + ks.get(i), 0.0);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, ks.size()), y(v, max)));
      }
      svg.append("<polyline fill=\"none\" stroke=\"")
          .append(colour)
          .append("\" stroke-width=\"2\" points=\"")
          .append(points.toString().trim())
          .append("\"><title>")
          .append(escape(e.getKey()))
          .append("</title></polyline>");
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>",
              WIDTH - PAD + 4 - 110,
              PAD + 12 * series,
              colour,
              escape(e.getKey())));
      series++;
    }
    return svg.append("</svg><figcaption>")
        .append(metric)
        .append("@K</figcaption></figure>")
        .toString();
  }

  private static String popularityBars(Evaluation.Result result) {
    int groups = result.popularityDeciles().size();
    int barWidth = 6;
    int groupWidth = groups * barWidth + 10;
    int width = PAD * 2 + 10 * groupWidth + 140;
    var svg =
        new StringBuilder("<svg width=\"")
            .append(width)
            .append("\" height=\"")
            .append(HEIGHT)
            .append("\" role=\"img\" aria-label=\"popularity bias\">");
    double max = 0;
    for (double[] shares : result.popularityDeciles().values()) {
      for (double s : shares) {
        max = Math.max(max, s);
      }
    }
    max = max == 0 ? 1 : max * 1.1;
    axes(svg, max, PAD * 2 + 10 * groupWidth);
    int series = 0;
    for (var e : result.popularityDeciles().entrySet()) {
      String colour =
          e.getKey().equals("held-out")
              ? "#222"
              : COLOURS[(series - 1 + COLOURS.length) % COLOURS.length];
      double[] shares = e.getValue();
      for (int d = 0; d < 10; d++) {
        double x = PAD + d * groupWidth + series * barWidth;
        double top = y(shares[d], max);
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.0f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s, tenth %d: %.3f</title></rect>",
                x,
                top,
                barWidth - 1,
                HEIGHT - PAD - top,
                colour,
                escape(e.getKey()),
                d + 1,
                shares[d]));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>",
              PAD * 2 + 10 * groupWidth - 20,
              PAD + 12 * series,
              colour,
              escape(e.getKey())));
      series++;
    }
    for (int d = 0; d < 10; d++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>",
              PAD + d * groupWidth + groupWidth / 2,
              HEIGHT - PAD + 15,
              d + 1));
    }
    return svg.append("</svg>").toString();
  }

  private static void axes(StringBuilder svg, double max) {
    axes(svg, max, WIDTH);
  }

  private static void axes(StringBuilder svg, double max, int width) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
            PAD,
            HEIGHT - PAD,
            width - PAD,
            HEIGHT - PAD,
            PAD,
            PAD / 2,
            PAD,
            HEIGHT - PAD));
    for (int tick = 0; tick <= 4; tick++) {
      double v = max * tick / 4;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3f</text>",
              PAD - 4,
              y(v, max) + 4,
              v));
    }
  }

  private static double x(int i, int n) {
    return PAD + (n == 1 ? 0 : (double) i / (n - 1) * (WIDTH - 2 * PAD - 120));
  }

  private static double y(double v, double max) {
    return HEIGHT - PAD - v / max * (HEIGHT - 1.5 * PAD);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
