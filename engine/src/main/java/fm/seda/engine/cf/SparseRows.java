package fm.seda.engine.cf;

/**
 * One orientation of a sparse matrix in compressed-row form: row {@code r} holds the columns {@code
 * columns[start[r]] … columns[start[r + 1] - 1]}, ascending, with their values aligned. Shared,
 * never copied, inside this package; callers outside get copies from {@link Interactions}.
 */
record SparseRows(int rows, int[] start, int[] columns, float[] values) {

  int from(int row) {
    return start[row];
  }

  int to(int row) {
    return start[row + 1];
  }

  int length(int row) {
    return start[row + 1] - start[row];
  }

  /** The transpose, with {@code columnCount} rows; each new row lists its columns ascending. */
  SparseRows transpose(int columnCount) {
    int[] counts = new int[columnCount + 1];
    for (int c : columns) {
      counts[c + 1]++;
    }
    for (int c = 0; c < columnCount; c++) {
      counts[c + 1] += counts[c];
    }
    int[] tStart = counts.clone();
    int[] next = counts; // reused as the write cursor of each new row
    int[] tColumns = new int[columns.length];
    float[] tValues = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int k = start[r]; k < start[r + 1]; k++) {
        int at = next[columns[k]]++;
        tColumns[at] = r;
        tValues[at] = values[k];
      }
    }
    return new SparseRows(columnCount, tStart, tColumns, tValues);
  }
}
