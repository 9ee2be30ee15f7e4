package fm.seda.regions.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The residency audit for operators and CI: {@code ./seda audit residency} calls it. */
@RestController
@Tag(name = "residency", description = "Data residency: where personal rows live")
class ResidencyAuditController {

  private static final Logger log = LoggerFactory.getLogger(ResidencyAuditController.class);

  private final ResidencyAudit audit;

  ResidencyAuditController(ResidencyAudit audit) {
    this.audit = audit;
  }

  @GetMapping("/admin/residency/audit")
  @Operation(
      summary =
          "Scan both regional databases for personal rows in the wrong one (expected: zero"
              + " violations)")
  ResidencyAudit.Report audit() {
    ResidencyAudit.Report report = audit.run();
    if (report.violations() > 0) {
      log.warn("Residency audit: {} rows in the wrong region", report.violations());
    }
    return report;
  }
}
