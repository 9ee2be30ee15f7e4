package fm.seda.regions.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the two regional databases: resolves where they are (embedded or configured), creates and
 * migrates them, and hands out the {@link RegionRouter}. There is deliberately no single {@code
 * DataSource} for other modules to inject.
 */
@Configuration(proxyBeanMethods = false)
class RegionalDatabasesConfiguration {

  @Bean(destroyMethod = "close")
  DatabaseLocations databaseLocations(
      DatabaseProperties properties, @Value("${seda.data-dir}") Path dataDirectory) {
    return DatabaseLocations.resolve(properties, dataDirectory);
  }

  @Bean
  HikariDataSource euDataSource(DatabaseLocations locations, DatabaseProperties properties) {
    return dataSource(Region.EU, locations, properties);
  }

  @Bean
  HikariDataSource usDataSource(DatabaseLocations locations, DatabaseProperties properties) {
    return dataSource(Region.US, locations, properties);
  }

  @Bean
  RegionRouter regionRouter(
      HikariDataSource euDataSource,
      HikariDataSource usDataSource,
      DatabaseProperties properties,
      @Value("${seda.node-region}") String nodeRegion) {
    return new RegionRouter(
        List.of(regional(Region.EU, euDataSource), regional(Region.US, usDataSource)),
        Region.fromCode(nodeRegion),
        properties.embedded());
  }

  static RegionalDatabase regional(Region region, HikariDataSource dataSource) {
    RegionalMigrations.migrate(region, dataSource);
    // A database remembers the region it was first migrated for; wiring it to the other region (two
    // settings pointing at one database, say) would put personal rows in the wrong place.
    String serves =
        JdbcClient.create(dataSource).sql("SELECT seda_region()").query(String.class).single();
    if (!region.code().equals(serves)) {
      throw new IllegalStateException(
          "the database configured for region "
              + region.code()
              + " ("
              + JdbcUrls.redact(dataSource.getJdbcUrl())
              + ") serves region "
              + serves
              + "; each region needs its own database");
    }
    return new RegionalDatabase(
        region, dataSource, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
  }

  private static HikariDataSource dataSource(
      Region region, DatabaseLocations locations, DatabaseProperties properties) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("seda-" + region.code());
    config.setJdbcUrl(locations.jdbcUrl(region));
    config.setUsername(locations.username());
    if (locations.password() != null) {
      config.setPassword(locations.password());
    }
    config.setMaximumPoolSize(properties.maxPoolSize());
    config.setConnectionTimeout(10_000);
    // Lets the driver send a JDBC batch of inserts as multi-row statements (bulk catalog upserts).
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    return new HikariDataSource(config);
  }
}
