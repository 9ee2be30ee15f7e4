-- Candidate generation (vector/candidate issue): presence, popularity, collaborative models, and
-- the schedule of recurring jobs.

-- Who is in which room right now: one row per present user (a user is in at most one room), in
-- the user's own region. The real-time layer writes it on join and leave and refreshes seen_at
-- as a heartbeat; a row not seen for two minutes is not "now" (a client that vanished).
CREATE TABLE room_presence (
    user_id    uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    room_id    uuid NOT NULL,
    entered_at timestamptz NOT NULL DEFAULT now(),
    seen_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX room_presence_room ON room_presence (room_id);

-- Popularity and trending per catalog item, recomputed hourly from every region's interactions.
-- Aggregates only (no user in them), written to both regions like the catalog.
CREATE TABLE item_popularity (
    entity_type  text NOT NULL,
    entity_id    uuid NOT NULL,
    genres       text[] NOT NULL DEFAULT '{}',
    popularity   double precision NOT NULL CHECK (popularity BETWEEN 0 AND 1),
    trending     double precision NOT NULL,            -- ln(recent rate / baseline rate), smoothed
    interactions double precision NOT NULL DEFAULT 0,  -- time-decayed in-app interactions
    computed_at  timestamptz NOT NULL,
    PRIMARY KEY (entity_type, entity_id)
);
CREATE INDEX item_popularity_rank ON item_popularity (entity_type, popularity DESC);
CREATE INDEX item_popularity_trending ON item_popularity (entity_type, trending DESC);
CREATE INDEX item_popularity_genres ON item_popularity USING gin (genres);

-- Collaborative-filtering models, one series per region (trained on that region's users only, so
-- an EU user's interactions never shape a model outside the EU). The newest serves; the previous
-- ones are kept for rollback and pruned to three.
CREATE TABLE cf_models (
    version    text PRIMARY KEY,
    trained_at timestamptz NOT NULL DEFAULT now(),
    params     jsonb NOT NULL,
    stats      jsonb NOT NULL,
    item_keys  bytea NOT NULL,                         -- the entity type and id of each item index
    model      bytea NOT NULL                          -- the factors (engine AlsModel binary form)
);

-- When each recurring job next runs, per region (read in the operations database).
CREATE TABLE job_schedules (
    kind             text NOT NULL,
    region           text NOT NULL CHECK (region IN ('eu', 'us')),
    period_seconds   bigint NOT NULL CHECK (period_seconds >= 60),
    next_run_at      timestamptz NOT NULL,
    last_enqueued_at timestamptz,
    PRIMARY KEY (kind, region)
);
