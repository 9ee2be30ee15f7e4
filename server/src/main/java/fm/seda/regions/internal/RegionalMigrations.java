package fm.seda.regions.internal;

import fm.seda.regions.Region;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one regional database to the current schema. Both regions run the same migrations; the
 * {@code region} placeholder records which region the database serves, so the database itself can
 * refuse rows that belong elsewhere.
 */
final class RegionalMigrations {

  private static final Logger log = LoggerFactory.getLogger(RegionalMigrations.class);

  private RegionalMigrations() {}

  static void migrate(Region region, DataSource dataSource) {
    var result =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .placeholders(Map.of("region", region.code()))
            .load()
            .migrate();
    log.info(
        "Region {} database at schema version {} ({} migrations applied now)",
        region.code(),
        result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
        result.migrationsExecuted);
  }
}
