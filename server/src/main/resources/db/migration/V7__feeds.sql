-- Feeds (issue 5): the ranked, persisted recommendations of a user, and their dismissals.

-- The feed a user is served now, per surface: which batch of recommendation rows it is, when it
-- was ranked and until when it is good. A user's signals changing marks it stale, so the next
-- request ranks again instead of serving what the user just acted against.
CREATE TABLE feed_snapshots (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    surface     text NOT NULL,
    batch_id    uuid NOT NULL,
    source      text NOT NULL CHECK (source IN ('batch', 'real-time')),
    computed_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    stale       boolean NOT NULL DEFAULT false,
    header      jsonb NOT NULL DEFAULT '{}'::jsonb,     -- model version, provenance, variant
    PRIMARY KEY (user_id, surface)
);

-- Each ranked item is a recommendations row of its batch; rows outlive their batch for a while so
-- impressions, clicks and "why" can still be attributed.
ALTER TABLE recommendations
    ADD COLUMN batch_id uuid,
    ADD COLUMN surface  text NOT NULL DEFAULT 'home',
    ADD COLUMN rank     integer;
CREATE INDEX recommendations_batch ON recommendations (batch_id, rank);
CREATE INDEX recommendations_expiry ON recommendations (expires_at);

-- What the user dismissed, by item (a later feed's row for the same item is suppressed too).
-- until: hide_24h and not_interested end by themselves; never (null) lasts until the user
-- reverses it. revoked_at: undone within the undo window, or unblocked.
CREATE TABLE dismissals (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    recommendation_id uuid,
    entity_type       text NOT NULL CHECK (entity_type IN ('room', 'playlist', 'artist', 'person')),
    entity_id         uuid NOT NULL,
    mode              text NOT NULL CHECK (mode IN ('hide_24h', 'not_interested', 'never')),
    dismissed_at      timestamptz NOT NULL DEFAULT now(),
    until             timestamptz,
    revoked_at        timestamptz,
    revoked_by        text CHECK (revoked_by IN ('undo', 'unblock')),
    CHECK ((mode = 'never') = (until IS NULL))
);
CREATE INDEX dismissals_active ON dismissals (user_id, entity_id) WHERE revoked_at IS NULL;
