package fm.seda;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module structure of docs/ARCHITECTURE.md holds: no module reaches into another's internals,
 * no cycles.
 */
class ModularityTests {

  // The engine is a plain library (no Spring), not an application module: every module may use it.
  static final ApplicationModules MODULES =
      ApplicationModules.of(SedaApplication.class, resideInAPackage("fm.seda.engine.."));

  @Test
  void modulesRespectTheirBoundaries() {
    MODULES.verify();
  }

  @Test
  void writesModuleDiagrams() {
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("../docs/modules"))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml();
  }
}
