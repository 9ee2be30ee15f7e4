package fm.seda.engine.evaluation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The project's own interaction-log format: a directory of three tab-separated files with a header
 * line. {@code items.tsv}: item_id, name, tags ({@code |}-separated). {@code interactions.tsv}:
 * user_id, item_id, weight, time (epoch seconds, or empty). {@code friends.tsv}: user_id, friend_id
 * (optional). {@link #write} produces it, e.g. from the demo world.
 */
public final class SedaFormat {

  private SedaFormat() {}

  public static Dataset read(Path dir) {
    var itemIndex = new LinkedHashMap<String, Integer>();
    var items = new ArrayList<Dataset.Item>();
    TabFiles.read(
        dir.resolve("items.tsv"),
        3,
        r -> {
          if (itemIndex.putIfAbsent(r.text(0), items.size()) != null) {
            throw r.bad("item '" + r.text(0) + "' listed twice");
          }
          List<String> tags =
              r.text(2).isBlank() ? List.of() : Arrays.asList(r.text(2).split("\\|"));
          items.add(new Dataset.Item(r.text(0), r.text(1), tags));
        });
    var userIndex = new LinkedHashMap<String, Integer>();
    var interactions = new ArrayList<Dataset.Interaction>();
    TabFiles.read(
        dir.resolve("interactions.tsv"),
        4,
        r -> {
          Integer item = itemIndex.get(r.text(1));
          if (item == null) {
            throw r.bad("item '" + r.text(1) + "' is not in items.tsv");
          }
          double weight = r.number(2);
          if (!(weight > 0)) {
            throw r.bad("a weight must be > 0, got " + r.text(2));
          }
          long time = r.text(3).isBlank() ? Dataset.Interaction.NO_TIME : (long) r.number(3);
          int user = userIndex.computeIfAbsent(r.text(0), k -> userIndex.size());
          interactions.add(new Dataset.Interaction(user, item, weight, time));
        });
    return new Dataset(
        dir.toString(),
        List.copyOf(userIndex.keySet()),
        items,
        interactions,
        TabFiles.friends(dir.resolve("friends.tsv"), userIndex, TabFiles.Row::text));
  }

  public static void write(Dataset dataset, Path dir) {
    try {
      Files.createDirectories(dir);
      try (BufferedWriter out =
          Files.newBufferedWriter(dir.resolve("items.tsv"), StandardCharsets.UTF_8)) {
        out.write("item_id\tname\ttags\n");
        for (Dataset.Item item : dataset.items()) {
          out.write(clean(item.id()) + "\t" + clean(item.name()) + "\t");
          out.write(String.join("|", item.tags().stream().map(SedaFormat::clean).toList()));
          out.write("\n");
        }
      }
      try (BufferedWriter out =
          Files.newBufferedWriter(dir.resolve("interactions.tsv"), StandardCharsets.UTF_8)) {
        out.write("user_id\titem_id\tweight\ttime\n");
        for (Dataset.Interaction i : dataset.interactions()) {
          out.write(
              clean(dataset.userIds().get(i.user()))
                  + "\t"
                  + clean(dataset.items().get(i.item()).id())
                  + "\t"
                  + i.weight()
                  + "\t"
                  + (i.timed() ? String.valueOf(i.time()) : "")
                  + "\n");
        }
      }
      try (BufferedWriter out =
          Files.newBufferedWriter(dir.resolve("friends.tsv"), StandardCharsets.UTF_8)) {
        out.write("user_id\tfriend_id\n");
        for (int[] f : dataset.friends()) {
          out.write(dataset.userIds().get(f[0]) + "\t" + dataset.userIds().get(f[1]) + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the dataset to " + dir, e);
    }
  }

  /** Tabs, newlines and the tag separator cannot appear inside a field. */
  private static String clean(String field) {
    return field.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ').replace('|', '/');
  }
}
