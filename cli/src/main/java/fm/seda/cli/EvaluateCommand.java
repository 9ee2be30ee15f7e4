package fm.seda.cli;

import fm.seda.catalog.GenreTaxonomy;
import fm.seda.demo.DemoData;
import fm.seda.embeddings.providers.LocalMiniLmProvider;
import fm.seda.engine.evaluation.Dataset;
import fm.seda.engine.evaluation.DatasetFormatException;
import fm.seda.engine.evaluation.DemoWorldDataset;
import fm.seda.engine.evaluation.Evaluation;
import fm.seda.engine.evaluation.HetRecLastFm;
import fm.seda.engine.evaluation.SedaFormat;
import fm.seda.engine.evaluation.Tuning;
import fm.seda.engine.synth.DemoProfile;
import fm.seda.engine.synth.DemoWorld;
import fm.seda.engine.synth.GenreRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Offline evaluation: split an interaction log per user, build every recommender on the"
          + " training part (most-popular, item-kNN, ALS, content, social, the hybrid re-ranker)"
          + " and score each on the held-out part.",
      "Writes metrics.json and report.html to --out and prints a table. Seeded: the same command"
          + " gives the same numbers.",
      "Input: --dataset DIR --format seda|hetrec-lastfm, or --profile smoke|medium|large (the"
          + " demo world, generated in memory as ./seda seed makes it)."
    })
final class EvaluateCommand implements Callable<Integer> {

  /** Every K the report plots, besides those asked for (up to the largest asked for). */
  static final List<Integer> PLOTTED_KS = List.of(1, 5, 10, 20, 50);

  @Option(names = "--dataset", description = "a directory in the --format layout")
  @Nullable Path dataset;

  @Option(
      names = "--format",
      description = "seda (items.tsv, interactions.tsv, friends.tsv) or hetrec-lastfm")
  @Nullable String format;

  @Option(names = "--profile", description = "evaluate on a demo world: smoke, medium or large")
  @Nullable String profile;

  @Option(names = "--out", required = true, description = "where metrics.json and report.html go")
  Path out = Path.of("evaluation");

  @Option(
      names = "--k",
      split = ",",
      defaultValue = "10,50",
      description = "list lengths for the table (default 10,50)")
  List<Integer> ks = List.of(10, 50);

  @Option(names = "--seed", defaultValue = "20261205", description = "split and training seed")
  long seed = 20261205L;

  @Option(
      names = "--test-share",
      defaultValue = "0.2",
      description = "each user's share of items held out (default 0.2)")
  double testShare = 0.2;

  @Option(
      names = "--no-content",
      description = "skip the item embeddings (no content recommender; quicker)")
  boolean noContent;

  @Option(
      names = "--candidates-per-source",
      defaultValue = "30",
      description = "the hybrid's candidates from each source (the server's default: 30)")
  int perSource = 30;

  @Option(names = "--tune", description = "grid-search the hybrid's weights on a validation split")
  boolean tune;

  @Option(
      names = "--save-dataset",
      description = "also write the dataset in the seda format to this directory")
  @Nullable Path saveDataset;

  @Spec @Nullable CommandSpec spec;

  private PrintWriter out() {
    return Objects.requireNonNull(spec).commandLine().getOut();
  }

  private PrintWriter err() {
    return Objects.requireNonNull(spec).commandLine().getErr();
  }

  static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  @Override
  public Integer call() {
    try {
      return evaluate();
    } catch (DatasetFormatException | IllegalArgumentException e) {
      err().println("seda evaluate: " + e.getMessage());
      return 2;
    } catch (UncheckedIOException e) {
      err().println("seda evaluate: " + e.getMessage() + ": " + e.getCause().getMessage());
      return 1;
    }
  }

  private int evaluate() {
    // options first: a bad --k or --test-share is refused before minutes of loading and embedding
    int maxK = ks.stream().mapToInt(Integer::intValue).max().orElse(10);
    var allKs = new TreeSet<>(ks);
    PLOTTED_KS.stream().filter(k -> k <= maxK).forEach(allKs::add);
    var defaults = Evaluation.Options.defaults();
    var options =
        new Evaluation.Options(
            List.copyOf(allKs), testShare, seed, defaults.weights(), perSource, null);
    var tuneOptions =
        new Evaluation.Options(
            List.of(ks.getFirst()), testShare, seed, defaults.weights(), perSource, null);
    Dataset data = load();
    err()
        .printf(
            "%s: %,d users, %,d items, %,d interactions, %,d friendships%n",
            data.name(),
            data.users(),
            data.itemCount(),
            data.interactions().size(),
            data.friends().size());
    if (saveDataset != null) {
      SedaFormat.write(data, saveDataset);
      err().println("dataset written to " + saveDataset + " (--format seda)");
    }
    float[][] vectors = noContent ? null : embed(data);
    Tuning.Outcome tuned = null;
    if (tune) {
      tuned = Tuning.search(data, vectors, tuneOptions, line -> err().println("  " + line));
      options = options.withTuned(tuned.best());
    }
    Evaluation.Result result =
        Evaluation.run(data, vectors, options, line -> err().println("  " + line));
    write(result, options, tuned, vectors != null);
    out().print(table(result));
    out().println("Written: " + out.resolve("metrics.json") + ", " + out.resolve("report.html"));
    out().flush();
    return 0;
  }

  private Dataset load() {
    if ((dataset == null) == (profile == null)) {
      throw new IllegalArgumentException("give either --dataset DIR (with --format) or --profile");
    }
    if (profile != null) {
      DemoProfile chosen = DemoProfile.fromId(profile);
      List<GenreRef> genres =
          GenreTaxonomy.bundled().genres().stream()
              .map(g -> new GenreRef(g.family(), g.name()))
              .toList();
      err().println("generating the " + chosen.id() + " demo world (as ./seda seed does)");
      return DemoWorldDataset.of(
          DemoWorld.generate(chosen, genres, DemoData.SEED, (phase, done, total) -> {}));
    }
    if (!Files.isDirectory(dataset)) {
      throw new IllegalArgumentException(dataset + " is not a directory");
    }
    return switch (format == null ? "" : format) {
      case "seda" -> SedaFormat.read(dataset);
      case "hetrec-lastfm" -> HetRecLastFm.read(dataset);
      default ->
          throw new IllegalArgumentException(
              "--format must be seda or hetrec-lastfm, got "
                  + (format == null ? "nothing" : format));
    };
  }

  /** Each item's "name. tag, tag" through the local model the EU runner uses. */
  private float[][] embed(Dataset data) {
    int threads = Runtime.getRuntime().availableProcessors();
    var texts = new ArrayList<String>();
    for (Dataset.Item item : data.items()) {
      texts.add(item.name() + ". " + String.join(", ", item.tags()));
    }
    float[][] vectors = new float[texts.size()][];
    long start = System.nanoTime();
    try (var model =
        new LocalMiniLmProvider("evaluate", LocalMiniLmProvider.Variant.QUANTIZED, threads)) {
      int batch = 256;
      for (int from = 0; from < texts.size(); from += batch) {
        int to = Math.min(texts.size(), from + batch);
        List<float[]> got = model.embed(texts.subList(from, to)).vectors();
        for (int i = from; i < to; i++) {
          vectors[i] = got.get(i - from);
        }
        if ((from / batch) % 20 == 0 || to == texts.size()) {
          err()
              .printf(
                  "  embedding items: %,d of %,d (%.0f s)%n",
                  to, texts.size(), (System.nanoTime() - start) / 1e9);
        }
      }
    }
    return vectors;
  }

  private void write(
      Evaluation.Result result,
      Evaluation.Options options,
      Tuning.@Nullable Outcome tuned,
      boolean content) {
    try {
      Files.createDirectories(out);
      var json = new LinkedHashMap<String, Object>();
      json.put("dataset", result.dataset());
      json.put("split", result.split());
      json.put("test_share", options.testShare());
      json.put("seed", options.seed());
      json.put("users", result.users());
      json.put("items", result.items());
      json.put("interactions", result.interactions());
      json.put("test_users", result.testUsers());
      json.put("content_embeddings", content ? "all-minilm-l6-v2-q (name and tags)" : "none");
      json.put("hybrid_weights", options.weights());
      json.put("candidates_per_source", options.perSource());
      if (tuned != null) {
        var t = new LinkedHashMap<String, Object>();
        t.put("best", tuned.best());
        t.put("validation_ndcg@" + tuned.k(), tuned.bestNdcg());
        t.put("validation_users", tuned.validationUsers());
        t.put("trials", tuned.trials());
        json.put("tuning", t);
      }
      json.put("metrics", result.metrics());
      json.put("seconds", result.seconds());
      json.put("popularity_deciles", result.popularityDeciles());
      JSON.writeValue(out.resolve("metrics.json").toFile(), json);
      Files.writeString(out.resolve("report.html"), EvaluationReport.html(result, options, tuned));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to " + out, e);
    }
  }

  String table(Evaluation.Result result) {
    var columns = new ArrayList<TextTable.Column>();
    columns.add(TextTable.Column.left("RECOMMENDER"));
    List<String> keys = new ArrayList<>();
    for (String metric :
        List.of("recall", "ndcg", "map", "hit_rate", "coverage", "novelty", "ild")) {
      for (int k : ks) {
        keys.add(metric + "@" + k);
        columns.add(TextTable.Column.right((metric + "@" + k).toUpperCase(java.util.Locale.ROOT)));
      }
    }
    var table = new TextTable(columns.toArray(TextTable.Column[]::new));
    for (Map.Entry<String, Map<String, Double>> e : result.metrics().entrySet()) {
      var row = new ArrayList<String>();
      row.add(e.getKey());
      for (String key : keys) {
        Double v = e.getValue().get(key);
        row.add(v == null ? "-" : String.format(java.util.Locale.ROOT, "%.4f", v));
      }
      table.row(row.toArray(String[]::new));
    }
    return result.dataset()
        + " ("
        + result.split()
        + " split, "
        + result.testUsers()
        + " users tested)\n"
        + table.render();
  }
}
