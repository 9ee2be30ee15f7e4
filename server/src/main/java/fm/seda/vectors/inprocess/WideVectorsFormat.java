package fm.seda.vectors.inprocess;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW format with room for the vendors' 1536-d vectors. Lucene refuses fields over 1024
 * dimensions by default ({@link KnnVectorsFormat#DEFAULT_MAX_DIMENSIONS}), a guard against
 * oversized vectors rather than a limit of the format; Elasticsearch and OpenSearch lift it the
 * same way. Without this, a region served by OpenAI or Cohere (1536-d) could not use the in-process
 * adapter at all. The name stays the delegate's, so an index written with it is read back by the
 * standard format.
 */
final class WideVectorsFormat extends KnnVectorsFormat {

  /** The widest vectors accepted: the largest current vendor models are 3072-d. */
  static final int MAX_DIMENSIONS = 4096;

  private final KnnVectorsFormat delegate;

  WideVectorsFormat(KnnVectorsFormat delegate) {
    super(delegate.getName());
    this.delegate = delegate;
  }

  @Override
  public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
    return delegate.fieldsWriter(state);
  }

  @Override
  public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
    return delegate.fieldsReader(state);
  }

  @Override
  public int getMaxDimensions(String fieldName) {
    return MAX_DIMENSIONS;
  }

  @Override
  public String toString() {
    return "WideVectorsFormat(" + delegate + ", max " + MAX_DIMENSIONS + " dimensions)";
  }
}
