package fm.seda.regions.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the regional databases are ({@code seda.db.*}, or {@code SEDA_DB_*} in the environment).
 *
 * <p>With nothing set, seda runs an embedded PostgreSQL under the data directory. With {@code url}
 * (a JDBC URL of any database on a PostgreSQL server), seda creates and uses the databases {@code
 * <namePrefix>_eu} and {@code <namePrefix>_us} on that server. {@code euUrl}/{@code usUrl} name
 * each region's database exactly, for deployments where the regions are separate servers. {@code
 * embeddedDurable} keeps fsync on in the embedded cluster (tests turn it off).
 */
@ConfigurationProperties("seda.db")
record DatabaseProperties(
    @Nullable String url,
    @Nullable String euUrl,
    @Nullable String usUrl,
    @DefaultValue("postgres") String username,
    @Nullable String password,
    @DefaultValue("seda") String namePrefix,
    @DefaultValue("10") int maxPoolSize,
    @DefaultValue("true") boolean embeddedDurable) {

  boolean embedded() {
    return isBlank(url) && isBlank(euUrl) && isBlank(usUrl);
  }

  static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
