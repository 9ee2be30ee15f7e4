package fm.seda.demo.internal;

import fm.seda.demo.DemoData;
import fm.seda.demo.DemoData.SeedReport;
import fm.seda.engine.synth.DemoProfile;
import fm.seda.engine.synth.ProgressListener;
import fm.seda.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * QA endpoints of the sandbox profile (admin only). They do not exist outside {@code --sandbox}.
 */
@RestController
@Profile("sandbox")
@Tag(name = "sandbox", description = "QA endpoints, present only with --sandbox")
class SandboxController {

  private final DemoData demo;

  SandboxController(DemoData demo) {
    this.demo = demo;
  }

  record SandboxInfo(boolean sandbox, List<String> profiles) {}

  @GetMapping("/sandbox")
  SandboxInfo info() {
    return new SandboxInfo(
        true, java.util.Arrays.stream(DemoProfile.values()).map(DemoProfile::id).toList());
  }

  @PostMapping("/sandbox/seed")
  @Operation(summary = "Seed a demo world (smoke or medium; large belongs on the command line)")
  SeedReport seed(@RequestParam String profile) {
    DemoProfile chosen;
    try {
      chosen = DemoProfile.fromId(profile);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("unknown-profile", e.getMessage());
    }
    if (chosen == DemoProfile.LARGE) {
      throw ApiProblem.badRequest(
          "profile-too-large",
          "the large profile takes minutes; run ./seda seed --profile large instead");
    }
    return demo.seed(chosen, ProgressListener.NONE);
  }
}
