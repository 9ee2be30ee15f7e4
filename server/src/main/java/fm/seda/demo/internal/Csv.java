package fm.seda.demo.internal;

import java.util.Collection;

/** Just enough CSV (RFC 4180 quoting) and PostgreSQL array literals for COPY. */
final class Csv {

  private Csv() {}

  static void row(StringBuilder out, Object... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      String value = String.valueOf(cells[i]);
      out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
    out.append('\n');
  }

  /** A PostgreSQL array literal with every element quoted: {"a","b c"}. */
  static String array(Collection<?> values) {
    var sb = new StringBuilder("{");
    for (Object v : values) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"')
          .append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return sb.append('}').toString();
  }
}
