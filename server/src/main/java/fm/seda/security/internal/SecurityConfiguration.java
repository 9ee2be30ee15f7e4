package fm.seda.security.internal;

import fm.seda.security.AuthProperties;
import fm.seda.security.DevTokens;
import fm.seda.security.RoleLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP security rules: stateless bearer-token authentication, public onboarding and operations
 * endpoints, the admin role for {@code /admin/**} and {@code /sandbox/**}, and problem+json for
 * every 401 and 403.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, RoleLookup roles, JsonMapper json)
      throws Exception {
    var problems = new ProblemSecurityHandlers(json);
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers(HttpMethod.GET, "/genres")
                    .permitAll()
                    .requestMatchers(
                        "/actuator/health",
                        "/actuator/health/**",
                        "/actuator/info",
                        "/actuator/prometheus",
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/swagger-ui.html",
                        "/swagger-ui/**",
                        "/error")
                    .permitAll()
                    .requestMatchers("/admin/**", "/sandbox/**")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(new DatabaseRoleConverter(roles)))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }

  @Bean
  JwtDecoder jwtDecoder(AuthProperties properties, @Value("${seda.data-dir}") Path dataDirectory) {
    NimbusJwtDecoder decoder;
    if (properties.usesJwks()) {
      decoder =
          NimbusJwtDecoder.withJwkSetUri(properties.jwksUrl())
              .jwsAlgorithm(SignatureAlgorithm.RS256)
              .jwsAlgorithm(SignatureAlgorithm.ES256)
              .build();
      log.info("Verifying bearer tokens with the JWKS at {}", properties.jwksUrl());
    } else {
      if (!properties.hasConfiguredSecret()) {
        log.warn(
            "No seda.auth.hs256-secret or seda.auth.jwks-url is configured: verifying tokens with"
                + " the generated development secret in {}. Do not run production like this.",
            dataDirectory);
      }
      String secret = DevTokens.effectiveSecret(properties, dataDirectory);
      var key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
      decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    }
    decoder.setJwtValidator(validator(properties));
    return decoder;
  }

  private static OAuth2TokenValidator<Jwt> validator(AuthProperties properties) {
    // Spring checks exp only when present; a token that never expires is refused outright.
    OAuth2TokenValidator<Jwt> expiry = new JwtClaimValidator<Object>("exp", exp -> exp != null);
    OAuth2TokenValidator<Jwt> issuerAndTime =
        new DelegatingOAuth2TokenValidator<>(
            JwtValidators.createDefaultWithIssuer(properties.issuer()), expiry);
    if (properties.audience().isBlank()) {
      return issuerAndTime;
    }
    OAuth2TokenValidator<Jwt> audience =
        new JwtClaimValidator<java.util.List<String>>(
            "aud", aud -> aud != null && aud.contains(properties.audience()));
    return new DelegatingOAuth2TokenValidator<>(issuerAndTime, audience);
  }
}
