package fm.seda.regions.internal;

import fm.seda.regions.Region;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC URL of each region's database, after making sure the databases exist. Owns the embedded
 * server when there is one, so closing this stops it.
 */
final class DatabaseLocations implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DatabaseLocations.class);

  private final Map<Region, String> urls;
  private final String username;
  private final @Nullable String password;
  private final @Nullable EmbeddedDatabaseServer embedded;

  private DatabaseLocations(
      Map<Region, String> urls,
      String username,
      @Nullable String password,
      @Nullable EmbeddedDatabaseServer embedded) {
    this.urls = urls;
    this.username = username;
    this.password = password;
    this.embedded = embedded;
  }

  static DatabaseLocations resolve(DatabaseProperties properties, Path dataDirectory) {
    if (properties.embedded()) {
      var server =
          EmbeddedDatabaseServer.startOrAttach(
              dataDirectory.toAbsolutePath().resolve("postgres"), properties.embeddedDurable());
      try {
        var urls = new EnumMap<Region, String>(Region.class);
        for (Region region : Region.values()) {
          String name = properties.namePrefix() + "_" + region.code();
          createDatabaseIfMissing(
              server.jdbcUrl("postgres"), EmbeddedDatabaseServer.USER, null, name);
          urls.put(region, server.jdbcUrl(name));
        }
        return new DatabaseLocations(urls, EmbeddedDatabaseServer.USER, null, server);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
    var urls = new EnumMap<Region, String>(Region.class);
    for (Region region : Region.values()) {
      String explicit = region == Region.EU ? properties.euUrl() : properties.usUrl();
      if (!DatabaseProperties.isBlank(explicit)) {
        urls.put(region, explicit);
        continue;
      }
      if (DatabaseProperties.isBlank(properties.url())) {
        throw new IllegalStateException(
            "seda.db."
                + region.code()
                + "-url is not set; set both seda.db.eu-url and seda.db.us-url, or seda.db.url");
      }
      String name = properties.namePrefix() + "_" + region.code();
      createDatabaseIfMissing(properties.url(), properties.username(), properties.password(), name);
      urls.put(region, JdbcUrls.withDatabase(properties.url(), name));
    }
    return new DatabaseLocations(urls, properties.username(), properties.password(), null);
  }

  private static void createDatabaseIfMissing(
      String serverUrl, String username, @Nullable String password, String database) {
    try (Connection c = DriverManager.getConnection(serverUrl, username, password)) {
      try (var check = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        check.setString(1, database);
        if (check.executeQuery().next()) {
          return;
        }
      }
      try (var create = c.createStatement()) {
        // Identifier, not a bind parameter: CREATE DATABASE takes none. The name comes from
        // configuration (namePrefix + region) and is quoted.
        create.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
        log.info("Created database {}", database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not reach PostgreSQL at "
              + JdbcUrls.redact(serverUrl)
              + " to create database "
              + database
              + ": "
              + e.getMessage(),
          e);
    }
  }

  String jdbcUrl(Region region) {
    return urls.get(region);
  }

  String username() {
    return username;
  }

  @Nullable String password() {
    return password;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
