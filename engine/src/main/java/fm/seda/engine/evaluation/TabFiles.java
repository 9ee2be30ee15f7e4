package fm.seda.engine.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** Reads tab-separated files with a header line, naming the file and line of any bad row. */
final class TabFiles {

  private TabFiles() {}

  /** One row: its fields, and where it came from for error messages. */
  record Row(String[] fields, Path file, int line) {

    String text(int column) {
      return fields[column];
    }

    int integer(int column) {
      try {
        return Integer.parseInt(fields[column].trim());
      } catch (NumberFormatException e) {
        throw bad("column " + (column + 1) + " is not an integer: '" + fields[column] + "'");
      }
    }

    double number(int column) {
      try {
        return Double.parseDouble(fields[column].trim());
      } catch (NumberFormatException e) {
        throw bad("column " + (column + 1) + " is not a number: '" + fields[column] + "'");
      }
    }

    DatasetFormatException bad(String why) {
      return new DatasetFormatException(file + ":" + line + ": " + why);
    }
  }

  /**
   * Calls {@code sink} for every row after the header, each with at least {@code columns} fields.
   * Bytes that are not UTF-8 (HetRec's files mix encodings) become U+FFFD instead of failing.
   */
  static void read(Path file, int columns, Consumer<Row> sink) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetFormatException(file + ": missing (expected a tab-separated file)");
    }
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
      String header = in.readLine();
      if (header == null) {
        throw new DatasetFormatException(file + ": empty (expected a header line, then rows)");
      }
      String line;
      int number = 1;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        var row = new Row(fields, file, number);
        if (fields.length < columns) {
          throw row.bad("expected " + columns + " tab-separated columns, found " + fields.length);
        }
        sink.accept(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  /**
   * Friendships from an optional two-column file of user ids, as pairs of user indices; pairs
   * naming a user without interactions, or a user and themself, are left out. {@code idOf} reads
   * (and checks) the id in a column the way the user index was keyed.
   */
  static List<int[]> friends(
      Path file, Map<String, Integer> userIndex, BiFunction<Row, Integer, String> idOf) {
    var friends = new ArrayList<int[]>();
    if (Files.exists(file)) {
      read(
          file,
          2,
          r -> {
            Integer a = userIndex.get(idOf.apply(r, 0));
            Integer b = userIndex.get(idOf.apply(r, 1));
            if (a != null && b != null && !a.equals(b)) {
              friends.add(new int[] {a, b});
            }
          });
    }
    return friends;
  }
}
