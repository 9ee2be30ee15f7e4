package fm.seda.embeddings.internal;

import java.util.Map;

/**
 * Providers contributed at start-up rather than from properties: the sandbox profile's mock vendor
 * servers, whose ports are only known once they run.
 */
interface VendorEndpoints {

  Map<String, EmbeddingsProperties.ProviderSettings> providers();
}
