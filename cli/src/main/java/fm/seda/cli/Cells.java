package fm.seda.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How values read in a table cell. Formats use {@link Locale#ROOT}, so output is the same on every
 * machine and scripts can rely on it.
 */
final class Cells {

  static final String NONE = "-";

  private static final BigDecimal CENT = new BigDecimal("0.01");
  private static final MathContext FOUR_DIGITS = new MathContext(4);
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Cells() {}

  /**
   * Dollars with cents and thousands separators; amounts under a cent (a few embedding calls) with
   * four significant digits, since "$0.00" would hide that anything was spent.
   */
  static String money(BigDecimal usd) {
    if (usd.signum() != 0 && usd.abs().compareTo(CENT) < 0) {
      return "$" + usd.round(FOUR_DIGITS).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "$%,.2f", usd);
  }

  /** A JSON number (or numeric string, as prices are sent) as money; {@value #NONE} if absent. */
  static String money(JsonNode node) {
    BigDecimal value = decimal(node);
    return value == null ? NONE : money(value);
  }

  /**
   * A share of the cap as a percentage: one decimal from 1 % up, since the thresholds (80 %, 100 %)
   * matter near their edges, and two below, where "0 %" would hide early spend.
   */
  static String percent(double share) {
    double percent = share * 100;
    if (percent == 0) {
      return "0%";
    }
    if (Math.abs(percent) < 0.01) {
      return "<0.01%";
    }
    return String.format(Locale.ROOT, Math.abs(percent) < 1 ? "%.2f%%" : "%.1f%%", percent);
  }

  /** An ISO-8601 instant in UTC to the second; other text as it came. */
  static String time(JsonNode node) {
    String text = text(node);
    try {
      return UTC.format(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  /** A string, number or boolean as text; {@value #NONE} for null or absent. */
  static String text(JsonNode node) {
    if (node.isNull() || node.isMissingNode() || node.isContainer()) {
      return NONE;
    }
    return node.asString();
  }

  static String count(JsonNode node) {
    return node.isNumber() ? String.format(Locale.ROOT, "%,d", node.asLong()) : text(node);
  }

  static String yesNo(JsonNode node) {
    return node.isBoolean() ? (node.asBoolean() ? "yes" : "no") : text(node);
  }

  /** At most {@code max} characters, cut at a word where one is near and marked with "...". */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int cut = text.lastIndexOf(' ', max - 3);
    if (cut < max / 2) {
      cut = max - 3;
    }
    return text.substring(0, cut).stripTrailing() + "...";
  }

  private static @Nullable BigDecimal decimal(JsonNode node) {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isString()) {
      try {
        return new BigDecimal(node.stringValue());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
