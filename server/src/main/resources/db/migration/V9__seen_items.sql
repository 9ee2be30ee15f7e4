-- What each user was shown, one row per item with its latest impression. The feed's novelty rule
-- ("not shown in the last 30 days") reads this instead of the rec_impression events: a heavy
-- user's thousands of impressions cost a ranking 28 ms (P50) to read (docs/BENCHMARKS.md).
-- Kept by event ingestion in the same transaction as the events; purged with them.
CREATE TABLE seen_items (
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    entity_id    uuid NOT NULL,
    last_seen_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, entity_id)
);

-- the impressions stored before this table existed
INSERT INTO seen_items (user_id, entity_id, last_seen_at)
SELECT user_id, (properties->>'entity_id')::uuid, max(occurred_at)
FROM fact_events
WHERE event_type = 'rec_impression' AND user_id IS NOT NULL
  AND properties->>'entity_id' ~ '^[0-9a-fA-F-]{36}$'
GROUP BY 1, 2;
