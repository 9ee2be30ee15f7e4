package fm.seda.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole evaluation on a HetRec-format fixture: every recommender, every metric, twice. */
class EvaluationTests {

  @TempDir Path dir;

  /** Embeddings standing in for a model: one direction per tag. */
  static float[][] tagVectors(Dataset d) {
    var tags = d.items().stream().flatMap(i -> i.tags().stream()).distinct().sorted().toList();
    float[][] vectors = new float[d.itemCount()][];
    for (int i = 0; i < d.itemCount(); i++) {
      float[] v = new float[tags.size() + 1];
      v[tags.size()] = 0.1f;
      for (String t : d.items().get(i).tags()) {
        v[tags.indexOf(t)] = 1;
      }
      vectors[i] = v;
    }
    return vectors;
  }

  @Test
  void everyRecommenderIsScoredAtEveryKAndTheSameInputGivesTheSameNumbers() throws Exception {
    Dataset d = HetRecLastFm.read(HetRecFixture.write(dir));
    var options = Evaluation.Options.defaults();

    Evaluation.Result first = Evaluation.run(d, tagVectors(d), options, line -> {});
    Evaluation.Result second = Evaluation.run(d, tagVectors(d), options, line -> {});

    assertThat(first.metrics().keySet())
        .containsExactly("most-popular", "item-knn", "als", "content", "social", "hybrid");
    assertThat(first.metrics()).isEqualTo(second.metrics());
    assertThat(first.split()).isEqualTo("random");
    assertThat(first.testUsers()).isEqualTo(HetRecFixture.USERS);
    for (Map<String, Double> m : first.metrics().values()) {
      for (String metric : new String[] {"recall", "ndcg", "map", "hit_rate", "coverage", "ild"}) {
        assertThat(m.get(metric + "@10")).as(metric).isBetween(0.0, 1.0);
        assertThat(m.get(metric + "@50")).as(metric).isBetween(0.0, 1.0);
      }
      assertThat(m.get("recall@50")).isGreaterThanOrEqualTo(m.get("recall@10"));
      assertThat(m.get("novelty@10")).isPositive();
    }
    assertThat(first.metrics().get("hybrid").get("novel_share")).isEqualTo(1.0);
    // two taste communities: anything that learns taste beats counting plays over everybody
    double popular = first.metrics().get("most-popular").get("ndcg@10");
    assertThat(first.metrics().get("item-knn").get("ndcg@10")).isGreaterThan(popular);
    assertThat(first.metrics().get("content").get("ndcg@10")).isGreaterThan(popular);
  }

  @Test
  void noRecommenderEverRecommendsATrainingItem() throws Exception {
    Dataset d = HetRecLastFm.read(HetRecFixture.write(dir));
    Ratings all = Ratings.of(d);
    Split split = Split.of(all, 0.2, 1, false);
    var c =
        Evaluation.Components.build(
            split.train(), d, tagVectors(d), Evaluation.Options.defaults(), line -> {});
    for (Recommender r : c.recommenders(fm.seda.engine.ranking.RankingWeights.DEFAULT)) {
      for (int u = 0; u < all.users(); u++) {
        for (int item : r.recommend(u, 50)) {
          assertThat(split.train().has(u, item)).as(r.name() + " user " + u).isFalse();
        }
      }
    }
  }

  @Test
  void tuningSearchesEveryWeightMixOnAValidationSplitAndKeepsTheBest() throws Exception {
    Dataset d = HetRecLastFm.read(HetRecFixture.write(dir));
    var options = Evaluation.Options.defaults();

    Tuning.Outcome outcome = Tuning.search(d, tagVectors(d), options, line -> {});

    assertThat(Tuning.grid()).hasSize(35);
    assertThat(Tuning.grid())
        .allSatisfy(
            w ->
                assertThat(w.content() + w.collaborative() + w.social() + w.popularity())
                    .isEqualTo(1.0));
    assertThat(outcome.trials()).hasSize(35);
    double best = outcome.trials().stream().mapToDouble(Tuning.Trial::ndcg).max().orElseThrow();
    assertThat(outcome.bestNdcg()).isEqualTo(best);
    assertThat(outcome.validationUsers()).isPositive().isLessThanOrEqualTo(HetRecFixture.USERS);

    var tuned = Evaluation.run(d, tagVectors(d), options.withTuned(outcome.best()), line -> {});
    assertThat(tuned.metrics()).containsKey("hybrid-tuned");
  }
}
