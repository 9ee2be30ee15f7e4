-- Metadata a vector search filters on before the nearest-neighbour step (genres of catalog items).
ALTER TABLE entity_vectors ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX entity_vectors_tags ON entity_vectors USING gin (tags);
CREATE INDEX entity_vectors_type_live ON entity_vectors (entity_type) WHERE deleted_at IS NULL;

-- Entity types are an open set (people and tracks will have vectors too); keep them identifier-like,
-- since the pgvector adapter names its per-type HNSW indexes after them.
ALTER TABLE entity_vectors DROP CONSTRAINT entity_vectors_entity_type_check;
ALTER TABLE entity_vectors ADD CONSTRAINT entity_vectors_entity_type_format CHECK (entity_type ~ '^[a-z_]{1,32}$');
