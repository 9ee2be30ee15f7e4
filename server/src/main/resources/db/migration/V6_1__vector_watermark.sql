-- The in-process vector index is kept on disk between starts and catches up from the database.
-- It records the greatest updated_at it has applied (its watermark) and which database it came
-- from; on start it re-reads only rows changed since then, deletions included.

-- Tombstoning now sets updated_at too, so a catch-up sees deletions; this index finds the changes.
CREATE INDEX entity_vectors_updated_at ON entity_vectors (updated_at);

-- An identity for this database, made once: an index directory built from another database (a
-- copied data directory, a different server) carries another id and is rebuilt, never trusted.
ALTER TABLE seda_database ADD COLUMN instance_id uuid NOT NULL DEFAULT gen_random_uuid();
