-- Vectors of catalog entities and user taste. Where the server has pgvector, the column is a
-- pgvector `vector` (HNSW indexes per entity type come with the vector-store issue); otherwise it is
-- a plain real[] that the in-process index loads at start-up. The dimension is not fixed here:
-- embedding_meta.dim records it and the vector store refuses to mix dimensions in one ANN space.
DO
$$
DECLARE
    vector_type text := 'real[]';
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
        CREATE EXTENSION IF NOT EXISTS vector;
        vector_type := 'vector';
    END IF;
    EXECUTE format($ddl$
        CREATE TABLE entity_vectors (
            entity_type    text NOT NULL CHECK (entity_type IN ('artist', 'playlist', 'room', 'user_taste')),
            entity_id      uuid NOT NULL,
            owner_user_id  uuid,                  -- set for personal vectors (user_taste)
            embedding      %s NOT NULL,
            embedding_meta jsonb NOT NULL,        -- {provider, model, dim, region, version, computed_at, override_id?}
            updated_at     timestamptz NOT NULL DEFAULT now(),
            deleted_at     timestamptz,
            PRIMARY KEY (entity_type, entity_id)
        )$ddl$, vector_type);
END
$$;

CREATE INDEX entity_vectors_owner ON entity_vectors (owner_user_id) WHERE owner_user_id IS NOT NULL;

-- How the vectors are stored here, for the vector store to choose its adapter.
CREATE VIEW vector_storage AS
SELECT CASE WHEN format_type(a.atttypid, a.atttypmod) = 'real[]' THEN 'plain' ELSE 'pgvector' END AS kind
FROM pg_attribute a
WHERE a.attrelid = 'entity_vectors'::regclass AND a.attname = 'embedding';
