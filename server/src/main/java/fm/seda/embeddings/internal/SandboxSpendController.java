package fm.seda.embeddings.internal;

import fm.seda.embeddings.SpendStatus;
import fm.seda.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Profile;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * QA's lever on the spend cap: force a projection to exercise the 80 % and 100 % actions. Sandbox
 * only.
 */
@RestController
@Profile("sandbox")
@Tag(name = "sandbox", description = "QA endpoints, present only with --sandbox")
class SandboxSpendController {

  private final DefaultEmbeddings embeddings;

  SandboxSpendController(DefaultEmbeddings embeddings) {
    this.embeddings = embeddings;
  }

  /**
   * @param percent the projected spend as a percentage of the cap (0–1000)
   * @param reset end the simulation (and a stop it caused)
   */
  record Simulation(@Nullable Double percent, @Nullable Boolean reset) {}

  @PostMapping("/admin/test/embeddings/simulate-spend")
  @Operation(
      summary = "Simulate the projected spend at a percentage of the cap, or reset (sandbox only)")
  SpendStatus simulate(@AuthenticationPrincipal Jwt jwt, @RequestBody Simulation body) {
    boolean reset = Boolean.TRUE.equals(body.reset());
    if (reset == (body.percent() != null)) {
      throw ApiProblem.badRequest(
          "invalid-simulation", "send either {\"percent\": 0..1000} or {\"reset\": true}");
    }
    if (!reset && (body.percent() < 0 || body.percent() > 1000)) {
      throw ApiProblem.badRequest(
          "invalid-simulation", "percent must be between 0 and 1000, got " + body.percent());
    }
    return embeddings
        .governor()
        .simulate(reset ? null : body.percent(), "admin:" + jwt.getSubject());
  }
}
