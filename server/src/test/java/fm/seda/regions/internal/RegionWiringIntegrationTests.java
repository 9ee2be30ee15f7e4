package fm.seda.regions.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import fm.seda.regions.Region;
import fm.seda.testing.SedaIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@SedaIntegrationTest
class RegionWiringIntegrationTests {

  @Autowired HikariDataSource euDataSource;

  @Test
  void aDatabaseWiredToTheOtherRegionIsRefusedAtStartup() {
    // as if SEDA_DB_US_URL pointed at the EU database
    assertThatThrownBy(() -> RegionalDatabasesConfiguration.regional(Region.US, euDataSource))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("configured for region us")
        .hasMessageContaining("serves region eu");
  }
}
