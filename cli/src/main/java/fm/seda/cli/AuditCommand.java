package fm.seda.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code seda audit}: checks that operators and CI run against a live server. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Audits through the running server's admin API.",
      "Needs an admin token: export SEDA_TOKEN=$(./seda token --user ops --role admin)"
    },
    subcommands = {AuditCommand.Residency.class, CommandLine.HelpCommand.class})
final class AuditCommand {

  @Command(
      name = "residency",
      mixinStandardHelpOptions = true,
      description = {
        "Scan both regional databases for personal rows in the wrong region: users of the other"
            + " residency, rows whose owner is not a local user of the residency served, EU users'"
            + " vectors computed outside the EU.",
        "Exit status 0 when none is found, 1 when any is (for CI), 2 on a usage error."
      })
  static final class Residency extends AdminCall {
    @Override
    String run(AdminApi api) {
      JsonNode report = api.get("/admin/residency/audit");
      long violations = report.get("violations").asLong();
      exitWith(violations == 0 ? 0 : CommandFailure.REFUSED);
      return show(report, AuditCommand::residencyTable);
    }
  }

  /** Every check of both databases, then the verdict. */
  static String residencyTable(JsonNode report) {
    var table =
        new TextTable(
            TextTable.Column.left("DATABASE"),
            TextTable.Column.left("TABLE"),
            TextTable.Column.left("CHECK"),
            TextTable.Column.right("ROWS"),
            TextTable.Column.left("OWNERS (SAMPLE)"));
    for (JsonNode db : report.get("databases")) {
      for (JsonNode finding : db.get("findings")) {
        var owners = new StringBuilder();
        for (JsonNode owner : finding.get("sample_owners")) {
          owners.append(owners.isEmpty() ? "" : ", ").append(owner.asString());
        }
        table.row(
            db.get("region").asString(),
            finding.get("table").asString(),
            finding.get("check").asString(),
            String.valueOf(finding.get("rows").asLong()),
            owners.toString());
      }
    }
    long violations = report.get("violations").asLong();
    long moving = report.path("moves_under_way").asLong();
    return table.render()
        + (moving == 0
            ? ""
            : moving
                + " residency moves under way: their rows are in transit, not counted as"
                + " violations for the first hour.\n")
        + (violations == 0
            ? "No personal row in the wrong region.\n"
            : violations + " personal rows in the wrong region.\n");
  }
}
