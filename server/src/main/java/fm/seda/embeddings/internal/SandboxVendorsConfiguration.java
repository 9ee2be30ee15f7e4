package fm.seda.embeddings.internal;

import fm.seda.sandbox.SandboxVendors;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The sandbox's embedding vendors: mock OpenAI and Cohere servers on loopback (real HTTP, real API
 * shapes, failure and latency knobs at {@code <base>/__sandbox/knobs}), registered as providers:
 * {@code openai} (text-embedding-3-large at 1536-d, $0.13/M tokens) with its cheaper same-dimension
 * SKU {@code openai-small} (text-embedding-3-small, $0.02/M), and {@code cohere} (embed-v4.0 at
 * 1536-d, $0.12/M). Prices are the vendors' list prices as of 2026; they only feed the meter.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class SandboxVendorsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SandboxVendorsConfiguration.class);

  /**
   * Fresh keys each run: the mocks check them like the vendors do, and nothing real is at stake.
   */
  record SandboxKeys(String openAi, String cohere) {}

  @Bean
  SandboxKeys sandboxKeys() {
    return new SandboxKeys("sk-sandbox-" + randomHex(), "co-sandbox-" + randomHex());
  }

  @Bean(destroyMethod = "close")
  SandboxVendors sandboxVendors(SandboxKeys keys) {
    SandboxVendors vendors = SandboxVendors.start(keys.openAi(), keys.cohere());
    log.info(
        "Sandbox vendors: OpenAI mock at {}, Cohere mock at {}",
        vendors.openAi().baseUrl(),
        vendors.cohere().baseUrl());
    return vendors;
  }

  @Bean
  VendorEndpoints sandboxVendorEndpoints(SandboxVendors vendors, SandboxKeys keys) {
    return () -> {
      var providers = new LinkedHashMap<String, EmbeddingsProperties.ProviderSettings>();
      providers.put(
          "openai",
          vendor(
              "openai",
              "text-embedding-3-large",
              vendors.openAi().baseUrl(),
              keys.openAi(),
              "0.13",
              "openai-small"));
      providers.put(
          "openai-small",
          vendor(
              "openai",
              "text-embedding-3-small",
              vendors.openAi().baseUrl(),
              keys.openAi(),
              "0.02",
              null));
      providers.put(
          "cohere",
          vendor("cohere", "embed-v4.0", vendors.cohere().baseUrl(), keys.cohere(), "0.12", null));
      return Map.copyOf(providers);
    };
  }

  private static EmbeddingsProperties.ProviderSettings vendor(
      String type, String model, String baseUrl, String apiKey, String price, String cheaper) {
    return new EmbeddingsProperties.ProviderSettings(
        type,
        model,
        1536,
        baseUrl,
        apiKey,
        new BigDecimal(price),
        "non-eu",
        cheaper,
        null,
        null,
        null,
        null,
        50);
  }

  private static String randomHex() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
