package fm.seda.accounts.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fm.seda.accounts.Account;
import fm.seda.accounts.Accounts.Creation;
import fm.seda.accounts.Preferences;
import fm.seda.accounts.PrivacySettings;
import fm.seda.regions.DataResidency;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.web.ApiProblem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL for {@code users}. An account lives in exactly one regional database; which one is found by
 * asking each region (EU first) and remembered, since residency changes rarely and the residency
 * change flow evicts the entry ({@link #forget}).
 */
@Repository
public class AccountStore {

  private static final String COLUMNS =
      "id, display_name, data_residency, data_residency_source, role, preferences::text AS preferences,"
          + " privacy_settings::text AS privacy_settings, session_count, meaningful_engagement, created_at";

  private final RegionRouter regions;
  private final JsonMapper json;
  private final Cache<String, Region> regionBySubject =
      Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  /**
   * Accounts read in the last {@code seda.accounts.lookup-cache} (default 1 s), by subject. Every
   * authenticated request reads its account twice (the role for authorisation, the account for the
   * handler): on a cached feed those two queries were a quarter of the request's cost
   * (docs/BENCHMARKS.md). Writes through this store drop the entry at once; a change made straight
   * in the database (a role granted with SQL) shows within the TTL. Zero turns it off.
   */
  private final @Nullable Cache<String, Account> recent;

  AccountStore(
      RegionRouter regions,
      JsonMapper json,
      @Value("${seda.accounts.lookup-cache:PT1S}") Duration lookupCache) {
    this.regions = regions;
    this.json = json;
    if (lookupCache.isNegative()) {
      throw new IllegalArgumentException(
          "seda.accounts.lookup-cache must be 0 (off) or positive, got " + lookupCache);
    }
    this.recent =
        lookupCache.isZero()
            ? null
            : Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(lookupCache).build();
  }

  public Optional<Account> find(String subject) {
    if (recent == null) {
      return load(subject);
    }
    Account cached = recent.getIfPresent(subject);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Account> found = load(subject);
    found.ifPresent(a -> recent.put(subject, a));
    return found;
  }

  /**
   * Reads the account where it was last found; when it is not there any more (a residency move by
   * another node deleted the old copy), looks in every region again.
   */
  private Optional<Account> load(String subject) {
    Optional<Account> found = locate(subject).flatMap(db -> select(db, subject));
    if (found.isEmpty() && regionBySubject.getIfPresent(subject) != null) {
      regionBySubject.invalidate(subject);
      found = locate(subject).flatMap(db -> select(db, subject));
    }
    return found;
  }

  /** Drops a remembered account after a write to it. */
  private void evict(UUID accountId) {
    if (recent != null) {
      recent.asMap().values().removeIf(a -> a.id().equals(accountId));
    }
  }

  /** The regional database holding the subject's account, if it has one. */
  Optional<RegionalDatabase> locate(String subject) {
    Region cached = regionBySubject.getIfPresent(subject);
    if (cached != null) {
      return Optional.of(regions.database(cached));
    }
    for (RegionalDatabase db : regions.all()) {
      boolean present =
          db.jdbc()
              .sql("SELECT EXISTS (SELECT 1 FROM users WHERE auth_user_id = ?)")
              .param(subject)
              .query(Boolean.class)
              .single();
      if (present) {
        regionBySubject.put(subject, db.region());
        return Optional.of(db);
      }
    }
    return Optional.empty();
  }

  public void forget(String subject) {
    regionBySubject.invalidate(subject);
    if (recent != null) {
      recent.invalidate(subject);
    }
  }

  public Creation insert(String subject, @Nullable String displayName) {
    RegionalDatabase db = locate(subject).orElse(regions.forResidency(DataResidency.NON_EU));
    int inserted =
        db.jdbc()
            .sql(
                "INSERT INTO users (auth_user_id, display_name) VALUES (?, ?)"
                    + " ON CONFLICT (auth_user_id) DO NOTHING")
            .params(subject, displayName)
            .update();
    regionBySubject.put(subject, db.region());
    if (recent != null) {
      recent.invalidate(subject);
    }
    Account account =
        select(db, subject)
            .orElseThrow(
                () ->
                    new ApiProblem(
                        HttpStatus.CONFLICT,
                        "account-deleted",
                        "Account deleted",
                        "the account of this identity was deleted and cannot be created again"));
    return new Creation(account, inserted == 1);
  }

  public Optional<String> roleOf(String subject) {
    return find(subject).map(Account::role);
  }

  /**
   * Changes the preferences under a row lock: concurrent changes of different fields (genres and
   * locales, say) both land instead of the later one overwriting the earlier.
   */
  public Account updatePreferences(Account account, UnaryOperator<Preferences> change) {
    return update(
        account, "preferences", a -> json.writeValueAsString(change.apply(a.preferences())));
  }

  public Account updatePrivacy(Account account, UnaryOperator<PrivacySettings> change) {
    return update(
        account,
        "privacy_settings",
        a -> json.writeValueAsString(change.apply(a.privacySettings())));
  }

  private Account update(Account account, String column, Function<Account, String> newValue) {
    RegionalDatabase db = regions.forResidency(account.dataResidency());
    evict(account.id());
    Account updated =
        db.transactions()
            .execute(
                tx -> {
                  Account current =
                      db.jdbc()
                          .sql(
                              "SELECT "
                                  + COLUMNS
                                  + " FROM users WHERE id = ? AND deleted_at IS NULL FOR UPDATE")
                          .param(account.id())
                          .query(this::account)
                          .optional()
                          .orElseThrow(
                              () ->
                                  ApiProblem.notFound(
                                      "account-not-found", "the account no longer exists"));
                  // column is one of two constants above, never caller input
                  return db.jdbc()
                      .sql(
                          "UPDATE users SET "
                              + column
                              + " = ?::jsonb, updated_at = now() WHERE id = ? RETURNING "
                              + COLUMNS)
                      .params(newValue.apply(current), account.id())
                      .query(this::account)
                      .single();
                });
    evict(account.id()); // again: a read during the update may have kept the old row
    return updated;
  }

  public Optional<Account> byId(UUID id) {
    for (RegionalDatabase db : regions.all()) {
      Optional<Account> found =
          db.jdbc()
              .sql("SELECT " + COLUMNS + " FROM users WHERE id = ? AND deleted_at IS NULL")
              .param(id)
              .query(this::account)
              .optional();
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** Live accounts of one regional database with ids after {@code after}, in id order. */
  public List<Account> page(RegionalDatabase db, UUID after, int limit) {
    return db.jdbc()
        .sql(
            "SELECT "
                + COLUMNS
                + " FROM users WHERE id > ? AND deleted_at IS NULL ORDER BY id LIMIT ?")
        .params(after, limit)
        .query(this::account)
        .list();
  }

  private Optional<Account> select(RegionalDatabase db, String subject) {
    return db.jdbc()
        .sql("SELECT " + COLUMNS + " FROM users WHERE auth_user_id = ? AND deleted_at IS NULL")
        .param(subject)
        .query(this::account)
        .optional();
  }

  private Account account(ResultSet rs, int row) throws SQLException {
    Preferences p = json.readValue(rs.getString("preferences"), Preferences.class);
    return new Account(
        rs.getObject("id", UUID.class),
        rs.getString("display_name"),
        DataResidency.fromCode(rs.getString("data_residency")),
        rs.getString("data_residency_source"),
        rs.getString("role"),
        new Preferences(
            p.genres() == null ? List.of() : p.genres(),
            p.locales() == null ? List.of() : p.locales(),
            p.preferredProvider(),
            p.explicitContent()),
        json.readValue(rs.getString("privacy_settings"), PrivacySettings.class),
        rs.getInt("session_count"),
        rs.getBoolean("meaningful_engagement"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
