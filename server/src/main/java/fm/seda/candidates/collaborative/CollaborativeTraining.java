package fm.seda.candidates.collaborative;

import fm.seda.candidates.TrainingReport;
import fm.seda.candidates.internal.ActivitySignals;
import fm.seda.candidates.internal.Interaction;
import fm.seda.candidates.internal.ItemKey;
import fm.seda.engine.cf.AlsModel;
import fm.seda.engine.cf.AlsParams;
import fm.seda.engine.cf.ImplicitAls;
import fm.seda.engine.cf.Interactions;
import fm.seda.engine.cf.TrainingProgress;
import fm.seda.jobs.Job;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.RecurringJob;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Trains a region's collaborative model ({@value #KIND}, nightly per region) on that region's users
 * only: the interactions of {@link ActivitySignals}, summed per user and item, factorised by {@link
 * ImplicitAls}. The new version is stored and swapped in while the old one keeps serving.
 */
@Component
public class CollaborativeTraining implements JobHandler {

  public static final String KIND = "train-collaborative";
  private static final Logger log = LoggerFactory.getLogger(CollaborativeTraining.class);
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS").withZone(ZoneOffset.UTC);

  private final RegionRouter regions;
  private final ActivitySignals activity;
  private final CollaborativeModels models;
  private final CollaborativeProperties properties;

  CollaborativeTraining(
      RegionRouter regions,
      ActivitySignals activity,
      CollaborativeModels models,
      CollaborativeProperties properties) {
    this.regions = regions;
    this.activity = activity;
    this.models = models;
    this.properties = properties;
  }

  @Bean
  static RecurringJob nightlyCollaborativeTraining() {
    return RecurringJob.everyRegion(KIND, Duration.ofHours(24));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public boolean essential() {
    return false;
  }

  @Override
  public void run(Job job) {
    train(job.region());
  }

  /** Trains and publishes a new version for {@code region}; nothing is published without data. */
  public TrainingReport train(Region region) {
    // one training per region at a time, across nodes: a second run (the nightly one meeting an
    // operator's, or a re-queued one) would only burn the same minutes for the same model
    try (Connection lock = regions.database(region).dataSource().getConnection()) {
      if (!advisoryLock(lock, "pg_try_advisory_lock")) {
        log.info("Collaborative training of {} skipped: another run holds it", region.code());
        return new TrainingReport(
            null, 0, 0, 0, 0, false, "another training of the region is running");
      }
      try {
        return trainHoldingLock(region);
      } finally {
        advisoryLock(lock, "pg_advisory_unlock");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not take the training lock of " + region.code(), e);
    }
  }

  private static boolean advisoryLock(Connection connection, String function) throws SQLException {
    try (var statement =
        connection.prepareStatement("SELECT " + function + "(hashtext('" + KIND + "'))")) {
      try (var rs = statement.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /**
   * Now, or a millisecond after the newest stored version if the clock has not passed it (two
   * trainings in one millisecond, or a clock set back): versions are unique and the newest is the
   * one that serves. Safe because the caller holds the region's training lock.
   */
  private Instant versionTime(Region region) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return models
        .newestTrainedAt(region)
        .map(newest -> newest.truncatedTo(ChronoUnit.MILLIS).plusMillis(1))
        .filter(next -> next.isAfter(now))
        .orElse(now);
  }

  private TrainingReport trainHoldingLock(Region region) {
    long start = System.nanoTime();
    Instant trainedAt = versionTime(region);
    var users = new HashMap<UUID, Integer>();
    var itemIndex = new HashMap<ItemKey, Integer>();
    var triples = new Triples();
    activity.forEach(
        regions.database(region),
        (Interaction i) -> {
          if (!(i.strength() > 0)) {
            return; // a listen count of 0 says nothing
          }
          int u = users.computeIfAbsent(i.userId(), k -> users.size());
          int item =
              itemIndex.computeIfAbsent(
                  new ItemKey(i.entityType(), i.entityId()), k -> itemIndex.size());
          triples.add(u, item, (float) i.strength());
        });
    String version = "als-" + region.code() + "-" + VERSION_TIME.format(trainedAt);
    if (triples.size == 0) {
      log.info("Collaborative model of {} not trained: no interactions yet", region.code());
      return new TrainingReport(null, 0, 0, 0, 0, false, "no interactions yet");
    }
    // items ordered by type, then id: each type is one contiguous range of indices
    List<ItemKey> ordered = new ArrayList<>(itemIndex.keySet());
    ordered.sort(Comparator.comparing(ItemKey::entityType).thenComparing(ItemKey::entityId));
    int[] remap = new int[ordered.size()];
    for (int i = 0; i < ordered.size(); i++) {
      remap[itemIndex.get(ordered.get(i))] = i;
    }
    var builder = Interactions.builder(users.size(), ordered.size());
    for (int t = 0; t < triples.size; t++) {
      builder.add(triples.users[t], remap[triples.items[t]], triples.strengths[t]);
    }
    Interactions matrix = builder.build();
    AlsParams params = properties.params();
    log.info(
        "Training collaborative model {}: {} users, {} items, {} interactions",
        version,
        users.size(),
        ordered.size(),
        matrix.nonZeros());
    AlsModel model =
        ImplicitAls.train(
            matrix,
            params,
            new TrainingProgress() {
              private double lastLogged = -10;

              // a line every 10 s at most (and the last): progress for long runs, not noise
              @Override
              public void iterationDone(int iteration, int of, double seconds, double loss) {
                if (seconds - lastLogged >= 10 || iteration == of) {
                  lastLogged = seconds;
                  log.info(
                      "Collaborative model {}: iteration {}/{} after {} s",
                      version,
                      iteration,
                      of,
                      String.format("%.1f", seconds));
                }
              }
            });
    double seconds = (System.nanoTime() - start) / 1e9;
    var paramsJson = new LinkedHashMap<String, Object>();
    paramsJson.put("factors", params.factors());
    paramsJson.put("regularization", params.regularization());
    paramsJson.put("alpha", params.alpha());
    paramsJson.put("iterations", params.iterations());
    paramsJson.put("cg_steps", params.cgSteps());
    var stats =
        Map.of(
            "users", users.size(),
            "items", ordered.size(),
            "interactions", matrix.nonZeros(),
            "seconds", seconds);
    // users are folded in per request, so their trained vectors are neither kept nor stored
    models.publish(
        region,
        new ServingModel(version, trainedAt, model.withoutUsers(), ordered),
        paramsJson,
        stats);
    return new TrainingReport(
        version, users.size(), ordered.size(), matrix.nonZeros(), seconds, true, "published");
  }

  public Optional<ServingModel> current(Region region) {
    return models.current(region);
  }

  /** How many versions {@code region} keeps for rollback. */
  public int storedVersions(Region region) {
    return regions
        .database(region)
        .jdbc()
        .sql("SELECT count(*) FROM cf_models")
        .query(Integer.class)
        .single();
  }

  /** Growable parallel arrays: millions of interactions without a boxed object each. */
  private static final class Triples {
    int[] users = new int[1 << 16];
    int[] items = new int[1 << 16];
    float[] strengths = new float[1 << 16];
    int size;

    void add(int user, int item, float strength) {
      if (size == users.length) {
        users = java.util.Arrays.copyOf(users, size * 2);
        items = java.util.Arrays.copyOf(items, size * 2);
        strengths = java.util.Arrays.copyOf(strengths, size * 2);
      }
      users[size] = user;
      items[size] = item;
      strengths[size] = strength;
      size++;
    }
  }
}
