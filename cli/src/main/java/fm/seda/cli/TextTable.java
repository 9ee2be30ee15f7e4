package fm.seda.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plain text columns for a terminal: a header row (left out when every header is blank, as in a
 * two-column list of properties), cells padded to the widest in their column and two spaces between
 * columns. Numbers read best right-aligned, so a column says which way it aligns. Line breaks and
 * other control characters in a cell become spaces, so a server's text cannot break the layout.
 */
final class TextTable {

  enum Align {
    LEFT,
    RIGHT
  }

  record Column(String header, Align align) {
    static Column left(String header) {
      return new Column(header, Align.LEFT);
    }

    static Column right(String header) {
      return new Column(header, Align.RIGHT);
    }
  }

  private static final String GAP = "  ";

  private final List<Column> columns;
  private final List<String[]> rows = new ArrayList<>();

  TextTable(Column... columns) {
    this.columns = List.of(columns);
  }

  TextTable row(String... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException(
          "expected " + columns.size() + " cells, got " + cells.length);
    }
    rows.add(Arrays.stream(cells).map(TextTable::clean).toArray(String[]::new));
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, each line ending in a line break. */
  String render() {
    var lines = new ArrayList<String[]>();
    if (columns.stream().anyMatch(c -> !c.header().isBlank())) {
      lines.add(columns.stream().map(Column::header).toArray(String[]::new));
    }
    lines.addAll(rows);
    int[] widths = new int[columns.size()];
    for (String[] line : lines) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    var out = new StringBuilder();
    for (String[] line : lines) {
      var text = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        if (i > 0) {
          text.append(GAP);
        }
        String pad = " ".repeat(widths[i] - line[i].length());
        text.append(columns.get(i).align() == Align.RIGHT ? pad + line[i] : line[i] + pad);
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String clean(String cell) {
    return cell.replaceAll("\\p{Cntrl}+", " ");
  }
}
