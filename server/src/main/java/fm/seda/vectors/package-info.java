/**
 * The vector store: one port ({@link fm.seda.vectors.VectorStore}), two adapters. {@code pgvector}
 * keeps HNSW indexes in PostgreSQL; {@code inprocess} keeps a Lucene HNSW index per region on disk
 * under the data directory, caught up from the regional database at start-up (and rebuilt in the
 * background, behind exact search, when it is missing or cannot be trusted). Both persist every
 * vector with its {@code embedding_meta} in {@code entity_vectors} of the data's region.
 */
@NullMarked
package fm.seda.vectors;

import org.jspecify.annotations.NullMarked;
