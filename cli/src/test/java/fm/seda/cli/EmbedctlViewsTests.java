package fm.seda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.cli.TextTable.Column;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The tables embedctl prints, from the admin API's JSON as the server sends it. */
class EmbedctlViewsTests {

  static final String STATUS =
      """
      {"month":"2026-11","cap_usd":1500,"month_to_date_usd":0.0123,"projected_usd":0.04,
       "projected_share_of_cap":0.00003,"level":"NORMAL","simulated":false,"degraded_banner":false,
       "background_jobs_paused":false,"override_id":null,
       "month_to_date_by_provider":{"openai":0.01,"cohere":0.0023},"as_of":"2026-11-22T07:00:00Z"}
      """;

  @Test
  void spendStatusListsTheMonthThenSpendPerProvider() {
    String text = EmbedctlViews.spendStatus(json(STATUS));

    assertThat(text)
        .isEqualTo(
            """
            month            2026-11
            cap              $1,500.00
            month to date    $0.01
            projected        $0.04 (<0.01% of cap)
            level            NORMAL
            degraded banner  off
            simulated        no
            background jobs  running
            override         none
            as of            2026-11-22 07:00:00Z

            PROVIDER  MONTH TO DATE
            openai            $0.01
            cohere          $0.0023
            """);
  }

  @Test
  void spendStatusWithoutProviderSpendSaysSo() {
    String text =
        EmbedctlViews.spendStatus(
            json(
                "{\"month\":\"2026-11\",\"cap_usd\":1500,\"projected_share_of_cap\":0.85,"
                    + "\"level\":\"THROTTLED\",\"month_to_date_by_provider\":{}}"));

    assertThat(text)
        .contains("level            THROTTLED")
        .contains("(85.0% of cap)")
        .contains("month to date    -")
        .endsWith("no provider has charged anything this month\n");
  }

  @Test
  void moneyHasCentsAndKeepsSubCentAmountsVisible() {
    assertThat(Cells.money(new BigDecimal("1275"))).isEqualTo("$1,275.00");
    assertThat(Cells.money(new BigDecimal("0.0123"))).isEqualTo("$0.01");
    assertThat(Cells.money(new BigDecimal("0.000123456"))).isEqualTo("$0.0001235");
    assertThat(Cells.money(BigDecimal.ZERO)).isEqualTo("$0.00");
    assertThat(Cells.money(json("\"0.13\""))).as("prices come as strings").isEqualTo("$0.13");
  }

  @Test
  void shareOfCapShowsThresholdEdges() {
    assertThat(Cells.percent(0.799)).isEqualTo("79.9%");
    assertThat(Cells.percent(1.0)).isEqualTo("100.0%");
    assertThat(Cells.percent(0.0042)).isEqualTo("0.42%");
    assertThat(Cells.percent(0)).isEqualTo("0%");
  }

  @Test
  void actionsTruncateLongReasonsAtAWord() {
    String reason =
        "projected spend $1275.00 reaches 85% of the $1500.00 cap; background embedding jobs run"
            + " one at a time";
    String text =
        EmbedctlViews.actions(
            json(
                "[{\"id\":\"5d0f\",\"created_at\":\"2026-11-22T07:00:00.123456Z\",\"month\":\"2026-11\","
                    + "\"level\":\"throttled\",\"action\":\"throttle_background_jobs\",\"reason\":\""
                    + reason
                    + "\",\"projected_usd\":1275.00,\"cap_usd\":1500.00,\"actor\":\"system\","
                    + "\"override_id\":null}]"));

    assertThat(text.lines().toList())
        .containsExactly(
            "TIME                  LEVEL      ACTION                    ACTOR   REASON",
            "2026-11-22 07:00:00Z  throttled  throttle_background_jobs  system  projected spend"
                + " $1275.00 reaches 85% of the $1500.00 cap;...");
    assertThat(text.lines().toList().get(1)).endsWith("...");
  }

  @Test
  void emptyListsSayWhatIsMissing() {
    assertThat(EmbedctlViews.jobs(json("[]"))).isEqualTo("no jobs waiting\n");
    assertThat(EmbedctlViews.actions(json("[]"))).isEqualTo("no enforcement actions yet\n");
  }

  @Test
  void providersAlignNumbersRight() {
    String text =
        EmbedctlViews.providers(
            json(
                """
                [{"name":"local","kind":"onnx","model":"all-minilm-l6-v2","dim":384,"location":"eu",
                  "breaker":"closed","batch_max_items":64,"price_per_million_tokens":"0"},
                 {"name":"openai","kind":"openai","model":"text-embedding-3-large","dim":1536,
                  "location":"us","breaker":"half_open","batch_max_items":2048,
                  "price_per_million_tokens":"0.13"}]
                """));

    assertThat(text.lines().toList())
        .containsExactly(
            "NAME    KIND    MODEL                    DIM  LOCATION  BREAKER    BATCH  PER 1M TOKENS",
            "local   onnx    all-minilm-l6-v2         384  eu        closed        64          $0.00",
            "openai  openai  text-embedding-3-large  1536  us        half_open   2048          $0.13");
  }

  @Test
  void pausedJobsNameTheKindsThenShowTheQueues() {
    String text =
        EmbedctlViews.jobsChanged(
            json(
                "{\"kinds\":[\"embed-catalog\"],\"paused\":true,\"queues\":[{\"region\":\"eu\","
                    + "\"kind\":\"embed-catalog\",\"queued\":1200,\"running\":0,\"failed\":2,\"paused\":true}]}"));

    assertThat(text)
        .isEqualTo(
            """
            paused: embed-catalog

            REGION  KIND           QUEUED  RUNNING  FAILED  PAUSED
            eu      embed-catalog   1,200        0       2  yes
            """);
  }

  @Test
  void switchedModelIsOneLine() {
    assertThat(
            EmbedctlViews.switched(
                json(
                    "{\"region\":\"us\",\"purpose\":\"catalog\",\"provider\":\"cohere\","
                        + "\"model\":\"embed-v4.0\",\"dim\":1536}")))
        .isEqualTo("us catalog embeddings now come from cohere (embed-v4.0, 1536-d)\n");
  }

  @Test
  void cellsCannotBreakTheLayout() {
    String text = new TextTable(Column.left("A"), Column.left("B")).row("two\nlines", "x").render();

    assertThat(text).isEqualTo("A          B\ntwo lines  x\n");
  }

  private static JsonNode json(String text) {
    return AdminApi.JSON.readTree(text);
  }
}
