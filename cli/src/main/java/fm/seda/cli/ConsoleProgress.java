package fm.seda.cli;

import fm.seda.engine.synth.ProgressListener;
import java.io.PrintStream;

/**
 * A one-line progress bar per phase: redrawn in place on a terminal; in a file or CI log, a line at
 * every further tenth of the phase, so long phases still show they are moving.
 */
final class ConsoleProgress implements ProgressListener {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean interactive = System.console() != null;
  private final long started = System.nanoTime();
  private String phase = "";
  private long lastDraw;
  private long lastTenth = -1;

  ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void progress(String phase, long done, long total) {
    boolean newPhase = !phase.equals(this.phase);
    if (newPhase && interactive && !this.phase.isEmpty()) {
      out.println();
    }
    this.phase = phase;
    long now = System.nanoTime();
    boolean complete = done >= total;
    long tenth = total == 0 ? 10 : done * 10 / total;
    if (newPhase) {
      lastTenth = -1;
    }
    if (interactive && (complete || newPhase || now - lastDraw > 100_000_000L)) {
      out.print("\r" + line(phase, done, total, now));
      lastDraw = now;
    } else if (!interactive && tenth > lastTenth) {
      out.println(line(phase, done, total, now));
      lastTenth = tenth;
    }
  }

  private String line(String phase, long done, long total, long now) {
    double fraction = total == 0 ? 1 : (double) done / total;
    int filled = (int) Math.round(fraction * WIDTH);
    return String.format(
        "%-28s [%s%s] %3d%% %,d/%,d  %.0fs",
        phase,
        "=".repeat(filled),
        " ".repeat(WIDTH - filled),
        Math.round(fraction * 100),
        done,
        total,
        (now - started) / 1e9);
  }

  synchronized void finish() {
    if (interactive) {
      out.println();
    }
  }
}
