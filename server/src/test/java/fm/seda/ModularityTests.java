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
  void writesModuleDiagrams() throws java.io.IOException {
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("../docs/modules"))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml();
    // The documenter lists relations in no fixed order; sort them so that a test run leaves the
    // committed diagrams unchanged unless the module structure changed.
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("../docs/modules"))) {
      for (var file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
        var lines = java.nio.file.Files.readAllLines(file);
        var relations = lines.stream().filter(l -> l.startsWith("Rel(")).sorted().iterator();
        var ordered = lines.stream().map(l -> l.startsWith("Rel(") ? relations.next() : l).toList();
        java.nio.file.Files.write(file, ordered);
      }
    }
  }
}
