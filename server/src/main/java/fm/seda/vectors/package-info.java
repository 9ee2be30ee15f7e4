/**
 * The vector store: one port ({@link fm.seda.vectors.VectorStore}), two adapters. {@code pgvector}
 * keeps HNSW indexes in PostgreSQL; {@code inprocess} keeps a Lucene HNSW index in memory, rebuilt
 * from the regional database at start-up. Both persist every vector with its {@code embedding_meta}
 * in {@code entity_vectors} of the data's region.
 */
@NullMarked
package fm.seda.vectors;

import org.jspecify.annotations.NullMarked;
