package fm.seda.embeddings.internal;

import fm.seda.embeddings.SpendLevel;
import fm.seda.embeddings.SpendStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What clients show users about degraded service: the banner flag of the spend enforcement, with a
 * sentence a person can read. No amounts: those are for operators ({@code /admin/spend-status}).
 */
@RestController
@Tag(name = "status", description = "Service status for client banners")
class ServiceStatusController {

  private final DefaultEmbeddings embeddings;

  ServiceStatusController(DefaultEmbeddings embeddings) {
    this.embeddings = embeddings;
  }

  record ServiceStatus(boolean degradedBanner, @Nullable String message) {}

  @GetMapping("/service-status")
  @Operation(summary = "Whether to show the degraded-service banner, and what it should say")
  ServiceStatus status() {
    SpendStatus spend = embeddings.spendStatus();
    String message =
        spend.level() == SpendLevel.STOPPED
            ? "Recommendations may be less fresh than usual while we limit background updates."
            : spend.level() == SpendLevel.THROTTLED
                ? "Some recommendations may update more slowly than usual."
                : null;
    return new ServiceStatus(
        spend.degradedBanner() && spend.level() != SpendLevel.OVERRIDDEN, message);
  }
}
