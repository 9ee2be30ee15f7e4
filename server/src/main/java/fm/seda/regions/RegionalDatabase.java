package fm.seda.regions;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One region's database: its JDBC client, a template for batches, its transactions, and (for bulk
 * work such as COPY) the raw data source.
 */
public record RegionalDatabase(
    Region region,
    DataSource dataSource,
    JdbcClient jdbc,
    JdbcTemplate template,
    TransactionTemplate transactions) {

  public RegionalDatabase(Region region, DataSource dataSource, TransactionTemplate transactions) {
    this(
        region,
        dataSource,
        JdbcClient.create(dataSource),
        new JdbcTemplate(dataSource),
        transactions);
  }
}
