package fm.seda.cli;

import fm.seda.cli.TextTable.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's answers as text for a terminal. Each view reads the snake_case JSON the server
 * sends and tolerates absent fields (shown as {@value Cells#NONE}), so an older or newer server
 * still gets a readable table.
 */
final class EmbedctlViews {

  /** Reasons are sentences; past this width they push the table off an 80-column terminal. */
  static final int REASON_WIDTH = 60;

  private EmbedctlViews() {}

  /** {@code GET /admin/spend-status}: the month at a glance, then spend per provider. */
  static String spendStatus(JsonNode status) {
    var summary =
        new TextTable(Column.left(""), Column.left(""))
            .row("month", Cells.text(status.path("month")))
            .row("cap", Cells.money(status.path("cap_usd")))
            .row("month to date", Cells.money(status.path("month_to_date_usd")))
            .row("projected", projected(status))
            .row("level", Cells.text(status.path("level")))
            .row("degraded banner", onOff(status.path("degraded_banner")))
            .row("simulated", Cells.yesNo(status.path("simulated")))
            .row(
                "background jobs",
                status.path("background_jobs_paused").asBoolean(false) ? "paused" : "running")
            .row("override", override(status.path("override_id")))
            .row("as of", Cells.time(status.path("as_of")));
    var providers = new TextTable(Column.left("PROVIDER"), Column.right("MONTH TO DATE"));
    for (Map.Entry<String, JsonNode> spent :
        status.path("month_to_date_by_provider").properties()) {
      providers.row(spent.getKey(), Cells.money(spent.getValue()));
    }
    return summary.render()
        + "\n"
        + (providers.isEmpty()
            ? "no provider has charged anything this month\n"
            : providers.render());
  }

  private static String projected(JsonNode status) {
    String amount = Cells.money(status.path("projected_usd"));
    JsonNode share = status.path("projected_share_of_cap");
    return share.isNumber() ? amount + " (" + Cells.percent(share.asDouble()) + " of cap)" : amount;
  }

  private static String onOff(JsonNode flag) {
    return flag.isBoolean() ? (flag.asBoolean() ? "on" : "off") : Cells.text(flag);
  }

  private static String override(JsonNode id) {
    return id.isNull() || id.isMissingNode() ? "none" : Cells.text(id);
  }

  /** {@code GET /admin/embeddings/actions}: what enforcement and operators did, newest first. */
  static String actions(JsonNode actions) {
    var table =
        new TextTable(
            Column.left("TIME"),
            Column.left("LEVEL"),
            Column.left("ACTION"),
            Column.left("ACTOR"),
            Column.left("REASON"));
    for (JsonNode action : actions.values()) {
      table.row(
          Cells.time(action.path("created_at")),
          Cells.text(action.path("level")),
          Cells.text(action.path("action")),
          Cells.text(action.path("actor")),
          Cells.truncate(Cells.text(action.path("reason")), REASON_WIDTH));
    }
    return table.isEmpty() ? "no enforcement actions yet\n" : table.render();
  }

  /** {@code GET /admin/embeddings/providers}. */
  static String providers(JsonNode providers) {
    var table =
        new TextTable(
            Column.left("NAME"),
            Column.left("KIND"),
            Column.left("MODEL"),
            Column.right("DIM"),
            Column.left("LOCATION"),
            Column.left("BREAKER"),
            Column.right("BATCH"),
            Column.right("PER 1M TOKENS"));
    for (JsonNode provider : providers.values()) {
      table.row(
          Cells.text(provider.path("name")),
          Cells.text(provider.path("kind")),
          Cells.text(provider.path("model")),
          Cells.text(provider.path("dim")),
          Cells.text(provider.path("location")),
          Cells.text(provider.path("breaker")),
          Cells.text(provider.path("batch_max_items")),
          Cells.money(provider.path("price_per_million_tokens")));
    }
    return table.isEmpty() ? "no providers configured\n" : table.render();
  }

  /** {@code GET /admin/jobs}: queue depths per region and kind. */
  static String jobs(JsonNode queues) {
    var table =
        new TextTable(
            Column.left("REGION"),
            Column.left("KIND"),
            Column.right("QUEUED"),
            Column.right("RUNNING"),
            Column.right("FAILED"),
            Column.left("PAUSED"));
    for (JsonNode queue : queues.values()) {
      table.row(
          Cells.text(queue.path("region")),
          Cells.text(queue.path("kind")),
          Cells.count(queue.path("queued")),
          Cells.count(queue.path("running")),
          Cells.count(queue.path("failed")),
          Cells.yesNo(queue.path("paused")));
    }
    return table.isEmpty() ? "no jobs waiting\n" : table.render();
  }

  /** The answer to pause-jobs and resume-jobs: which kinds changed, then the queues. */
  static String jobsChanged(JsonNode changed) {
    List<String> kinds = new ArrayList<>();
    changed.path("kinds").values().forEach(kind -> kinds.add(Cells.text(kind)));
    String verb = changed.path("paused").asBoolean(false) ? "paused" : "resumed";
    return verb
        + ": "
        + (kinds.isEmpty() ? Cells.NONE : String.join(", ", kinds))
        + "\n\n"
        + jobs(changed.path("queues"));
  }

  /** The answer to switch-model, in one line. */
  static String switched(JsonNode switched) {
    return Cells.text(switched.path("region"))
        + " "
        + Cells.text(switched.path("purpose"))
        + " embeddings now come from "
        + Cells.text(switched.path("provider"))
        + " ("
        + Cells.text(switched.path("model"))
        + ", "
        + Cells.text(switched.path("dim"))
        + "-d)\n";
  }
}
