package fm.seda.candidates.collaborative;

import fm.seda.candidates.internal.ItemKey;
import fm.seda.engine.cf.AlsModel;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The serving collaborative model of each region, hot-swapped: a request reads the reference once
 * and keeps that version to the end, so a new version never pauses or tears a feed. Versions are
 * stored in the region's {@code cf_models}; at start-up the newest is loaded in the background.
 */
@Component
public class CollaborativeModels {

  private static final Logger log = LoggerFactory.getLogger(CollaborativeModels.class);
  static final int KEEP_VERSIONS = 3;

  private final RegionRouter regions;
  private final JsonMapper json;
  private final Map<Region, AtomicReference<ServingModel>> serving = new EnumMap<>(Region.class);

  CollaborativeModels(RegionRouter regions, JsonMapper json) {
    this.regions = regions;
    this.json = json;
    for (Region region : Region.values()) {
      serving.put(region, new AtomicReference<>());
    }
  }

  /** The model serving {@code region} now, if one was trained. */
  public Optional<ServingModel> current(Region region) {
    return Optional.ofNullable(serving.get(region).get());
  }

  @EventListener(ApplicationReadyEvent.class)
  void loadInBackground() {
    Thread.ofVirtual()
        .name("cf-model-load")
        .start(
            () -> {
              for (Region region : Region.values()) {
                try {
                  loadNewest(region);
                } catch (RuntimeException e) {
                  log.warn(
                      "Collaborative model of {} not loaded: {}", region.code(), e.getMessage());
                }
              }
            });
  }

  /** Loads the newest stored version of {@code region}, unless a newer one already serves. */
  public Optional<ServingModel> loadNewest(Region region) {
    Optional<ServingModel> stored =
        regions
            .database(region)
            .jdbc()
            .sql(
                "SELECT version, trained_at, item_keys, model FROM cf_models ORDER BY trained_at DESC LIMIT 1")
            .query(
                (rs, n) ->
                    new ServingModel(
                        rs.getString(1),
                        rs.getTimestamp(2).toInstant(),
                        readModel(rs.getBytes(4)),
                        readKeys(rs.getBytes(3))))
            .optional();
    stored.ifPresent(
        model -> {
          serving
              .get(region)
              .accumulateAndGet(
                  model,
                  (current, loaded) ->
                      current != null && current.trainedAt().isAfter(loaded.trainedAt())
                          ? current
                          : loaded);
          log.info(
              "Collaborative model {} serves region {} ({} items)",
              model.version(),
              region.code(),
              model.items().size());
        });
    return stored;
  }

  /**
   * When the newest stored version of {@code region} was trained, if any. Training reads it under
   * the region's training lock so that a new version is strictly later than every stored one.
   */
  Optional<Instant> newestTrainedAt(Region region) {
    return regions
        .database(region)
        .jdbc()
        .sql("SELECT trained_at FROM cf_models ORDER BY trained_at DESC LIMIT 1")
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /** Stores a new version, prunes old ones, and swaps it in. */
  void publish(Region region, ServingModel model, Map<String, ?> params, Map<String, ?> stats) {
    RegionalDatabase db = regions.database(region);
    db.transactions()
        .executeWithoutResult(
            tx -> {
              db.jdbc()
                  .sql(
                      "INSERT INTO cf_models (version, trained_at, params, stats, item_keys, model)"
                          + " VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?)")
                  .params(
                      model.version(),
                      java.sql.Timestamp.from(model.trainedAt()),
                      json.writeValueAsString(params),
                      json.writeValueAsString(stats),
                      writeKeys(model.items()),
                      writeModel(model.model()))
                  .update();
              db.jdbc()
                  .sql(
                      "DELETE FROM cf_models WHERE version NOT IN"
                          + " (SELECT version FROM cf_models ORDER BY trained_at DESC LIMIT ?)")
                  .param(KEEP_VERSIONS)
                  .update();
            });
    serving.get(region).set(model);
    log.info("Collaborative model {} now serves region {}", model.version(), region.code());
  }

  static byte[] writeKeys(List<ItemKey> keys) {
    var bytes = new ByteArrayOutputStream(keys.size() * 24);
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(keys.size());
      for (ItemKey key : keys) {
        out.writeUTF(key.entityType());
        out.writeLong(key.entityId().getMostSignificantBits());
        out.writeLong(key.entityId().getLeastSignificantBits());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static List<ItemKey> readKeys(byte[] data) {
    try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
      int n = in.readInt();
      var keys = new ArrayList<ItemKey>(n);
      for (int i = 0; i < n; i++) {
        keys.add(new ItemKey(in.readUTF(), new UUID(in.readLong(), in.readLong())));
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable item keys of a stored model", e);
    }
  }

  private static byte[] writeModel(AlsModel model) {
    var bytes = new ByteArrayOutputStream();
    try {
      model.writeTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static AlsModel readModel(byte[] data) {
    try {
      return AlsModel.readFrom(new ByteArrayInputStream(data));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable stored model", e);
    }
  }
}
