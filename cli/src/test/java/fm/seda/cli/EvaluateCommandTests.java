package fm.seda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code seda evaluate} on a small HetRec-format dataset, with the real local model. */
class EvaluateCommandTests {

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  /** 12 users, two tastes (rock, synth), tags and friends, in the HetRec 2011 Last.fm layout. */
  Path hetrec() throws Exception {
    Path data = Files.createDirectories(dir.resolve("hetrec"));
    var artists = new StringBuilder("id\tname\turl\tpictureURL\n");
    var tagged = new StringBuilder("userID\tartistID\ttagID\tday\tmonth\tyear\n");
    var plays = new StringBuilder("userID\tartistID\tweight\n");
    for (int a = 0; a < 16; a++) {
      artists
          .append(a)
          .append(a < 8 ? "\tRock Band " : "\tSynth Band ")
          .append(a)
          .append("\tu\tp\n");
    }
    for (int u = 1; u <= 12; u++) {
      int base = u % 2 == 0 ? 0 : 8;
      for (int k = 0; k < 6; k++) {
        int artist = base + (u + k) % 8;
        plays.append(u).append('\t').append(artist).append('\t').append(10 + 7 * k).append('\n');
        tagged
            .append(u)
            .append('\t')
            .append(artist)
            .append('\t')
            .append(base == 0 ? 1 : 2)
            .append("\t1\t1\t2010\n");
      }
    }
    Files.writeString(data.resolve("artists.dat"), artists);
    Files.writeString(data.resolve("tags.dat"), "tagID\ttagValue\n1\trock\n2\telectronic\n");
    Files.writeString(data.resolve("user_artists.dat"), plays);
    Files.writeString(data.resolve("user_taggedartists.dat"), tagged);
    Files.writeString(
        data.resolve("user_friends.dat"), "userID\tfriendID\n1\t3\n2\t4\n5\t7\n6\t8\n");
    return data;
  }

  Result evaluate(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cli = new CommandLine(new SedaCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "evaluate";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Result(cli.execute(all), out.toString(), err.toString());
  }

  @Test
  void writesMetricsForEveryRecommenderAndAReportWithCharts() throws Exception {
    Path out = dir.resolve("out");

    Result result =
        evaluate(
            "--dataset", hetrec().toString(), "--format", "hetrec-lastfm", "--out", out.toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("RECOMMENDER", "NDCG@10", "item-knn", "hybrid");
    JsonNode metrics = EvaluateCommand.JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.path("split").asString()).isEqualTo("random");
    assertThat(metrics.path("metrics").propertyNames())
        .containsExactly("most-popular", "item-knn", "als", "content", "social", "hybrid");
    assertThat(metrics.path("metrics").path("hybrid").has("ndcg@50")).isTrue();
    assertThat(metrics.path("popularity_deciles").has("held-out")).isTrue();
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("<svg", "Popularity bias", "ndcg@K");

    Result again =
        evaluate(
            "--dataset",
            hetrec().toString(),
            "--format",
            "hetrec-lastfm",
            "--out",
            dir.resolve("again").toString());
    assertThat(
            EvaluateCommand.JSON
                .readTree(dir.resolve("again/metrics.json").toFile())
                .path("metrics"))
        .as("seeded: the same command gives the same numbers")
        .isEqualTo(metrics.path("metrics"));
  }

  @Test
  void anUnknownFormatOrAMissingInputIsSaidPlainly() throws Exception {
    Result format =
        evaluate("--dataset", hetrec().toString(), "--format", "csv", "--out", dir.toString());
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("--format must be seda or hetrec-lastfm, got csv");

    Result share = evaluate("--profile", "smoke", "--test-share", "1.5", "--out", dir.toString());
    assertThat(share.code()).isEqualTo(2);
    assertThat(share.err()).contains("held-out share must be within (0, 1), got 1.5");
    assertThat(share.err()).as("refused before the world is made").doesNotContain("generating");

    Result neither = evaluate("--out", dir.toString());
    assertThat(neither.code()).isEqualTo(2);
    assertThat(neither.err()).contains("give either --dataset DIR");

    Result broken =
        evaluate("--dataset", dir.toString(), "--format", "hetrec-lastfm", "--out", dir.toString());
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains("artists.dat: missing");
  }

  @Test
  void theDemoProfileRunsEndToEndAndItsSavedDatasetGivesTheSameNumbers() throws Exception {
    Path saved = dir.resolve("smoke-data");
    Result profile =
        evaluate(
            "--profile",
            "smoke",
            "--no-content",
            "--save-dataset",
            saved.toString(),
            "--out",
            dir.resolve("a").toString());
    assertThat(profile.code()).as(profile.err()).isZero();
    Result reloaded =
        evaluate(
            "--dataset",
            saved.toString(),
            "--format",
            "seda",
            "--no-content",
            "--out",
            dir.resolve("b").toString());
    assertThat(reloaded.code()).as(reloaded.err()).isZero();

    JsonNode a = EvaluateCommand.JSON.readTree(dir.resolve("a/metrics.json").toFile());
    JsonNode b = EvaluateCommand.JSON.readTree(dir.resolve("b/metrics.json").toFile());
    assertThat(a.path("split").asString()).as("listens have times").isEqualTo("temporal");
    assertThat(a.path("metrics").propertyNames())
        .containsExactly("most-popular", "item-knn", "als", "social", "hybrid");
    assertThat(b.path("metrics")).isEqualTo(a.path("metrics"));
  }
}
