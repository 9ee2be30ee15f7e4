package fm.seda.catalog.internal;

import fm.seda.catalog.GenreTaxonomy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

  @Bean
  GenreTaxonomy genreTaxonomy() {
    return GenreTaxonomy.bundled();
  }
}
