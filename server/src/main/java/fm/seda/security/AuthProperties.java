package fm.seda.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are verified ({@code seda.auth.*}, or {@code SEDA_AUTH_*}).
 *
 * @param hs256Secret the shared secret (Supabase's "JWT secret"); at least 32 bytes
 * @param jwksUrl a JWKS endpoint for asymmetric tokens (RS256/ES256); wins over the secret
 * @param issuer the required {@code iss} (Supabase: {@code https://<ref>.supabase.co/auth/v1})
 * @param audience the required {@code aud}, or blank for none (Supabase: {@code authenticated})
 *     <p>With neither secret nor JWKS configured, the server generates a development secret in the
 *     data directory, which {@code ./seda token} also reads.
 */
@ConfigurationProperties("seda.auth")
public record AuthProperties(
    @Nullable String hs256Secret,
    @Nullable String jwksUrl,
    @DefaultValue(DevTokens.DEV_ISSUER) String issuer,
    @DefaultValue(DevTokens.AUDIENCE) String audience) {

  public boolean usesJwks() {
    return jwksUrl != null && !jwksUrl.isBlank();
  }

  public boolean hasConfiguredSecret() {
    return hs256Secret != null && !hs256Secret.isBlank();
  }
}
