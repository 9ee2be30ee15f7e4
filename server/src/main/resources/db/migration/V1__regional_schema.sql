-- The canonical data model of one regional database (engineering spec, "Data model").
-- Both regions run this file; ${region} is the region this database serves.

-- Which region this database serves. The residency guard trigger compares a row owner's
-- data_residency with this value, so the database itself refuses rows that belong elsewhere.
CREATE TABLE seda_database (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    region     text NOT NULL CHECK (region IN ('eu', 'us')),
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO seda_database (region) VALUES ('${region}');

CREATE FUNCTION seda_region() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT region FROM seda_database $$;

-- ---------------------------------------------------------------- people

CREATE TABLE users (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    auth_user_id              text NOT NULL UNIQUE,          -- the JWT sub (Supabase auth.users.id)
    display_name              text,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    dob                       date,
    region                    text,                           -- chosen at onboarding; advisory only
    data_residency            text NOT NULL DEFAULT 'non-eu' CHECK (data_residency IN ('eu', 'non-eu')),
    data_residency_source     text NOT NULL DEFAULT 'default' CHECK (data_residency_source IN
                                  ('default', 'billing', 'user_declared', 'kyc', 'subscription',
                                   'ip_suggested', 'admin_override')),
    data_residency_changed_by uuid,
    data_residency_changed_at timestamptz,
    role                      text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'artist', 'admin', 'super_admin')),
    preferences               jsonb NOT NULL DEFAULT
        '{"genres": [], "locales": [], "preferred_provider": null, "explicit_content": true}'::jsonb,
    privacy_settings          jsonb NOT NULL DEFAULT
        '{"presence_default": "friends", "push_opt_in": false, "teen": false, "allow_non_eu_fallback": false}'::jsonb,
    session_count             integer NOT NULL DEFAULT 0 CHECK (session_count >= 0),
    meaningful_engagement     boolean NOT NULL DEFAULT false,
    meaningful_engagement_at  timestamptz,
    deleted_at                timestamptz,
    last_seen_at              timestamptz
);

CREATE TABLE residency_changes (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL,
    old_value  text,
    new_value  text NOT NULL,
    source     text NOT NULL,
    actor_id   uuid,
    reason     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX residency_changes_user ON residency_changes (user_id, created_at);

CREATE TABLE linked_accounts (
    id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                 uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider                text NOT NULL CHECK (provider IN ('spotify', 'apple', 'youtube')),
    external_user_id        text NOT NULL,                    -- pseudonymised
    scopes                  jsonb NOT NULL DEFAULT '[]'::jsonb,
    refresh_token_encrypted bytea,                            -- envelope-encrypted; Spotify with background sync only
    background_sync_enabled boolean NOT NULL DEFAULT false,
    access_token_expires_at timestamptz,
    last_synced_at          timestamptz,
    sync_status             text NOT NULL DEFAULT 'ok' CHECK (sync_status IN ('ok', 'needs_reauth', 'paused')),
    created_at              timestamptz NOT NULL DEFAULT now(),
    deleted_at              timestamptz,
    UNIQUE (user_id, provider)
);

-- ---------------------------------------------------------------- catalog (replicated to both regions)
-- Catalog ids are derived from the external id, so the same item has the same id in both regions.

CREATE TABLE artists (
    id               uuid PRIMARY KEY,
    external_id      text NOT NULL UNIQUE,
    external_ids     jsonb NOT NULL DEFAULT '{}'::jsonb,      -- {"spotify": "...", "apple": "..."}
    name             text NOT NULL,
    genres           text[] NOT NULL DEFAULT '{}',
    popularity_score double precision NOT NULL DEFAULT 0 CHECK (popularity_score BETWEEN 0 AND 100),
    image_url        text,
    embedding_meta   jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz
);
CREATE INDEX artists_genres ON artists USING gin (genres);
CREATE INDEX artists_popularity ON artists (popularity_score DESC, id DESC);

CREATE TABLE playlists (
    id               uuid PRIMARY KEY,
    external_id      text NOT NULL UNIQUE,
    external_ids     jsonb NOT NULL DEFAULT '{}'::jsonb,
    name             text NOT NULL,
    description      text,
    owner_user_id    uuid,                                    -- a seda user's playlist; no FK: owners live in either region
    provider         text NOT NULL DEFAULT 'seda',
    genres           text[] NOT NULL DEFAULT '{}',
    artist_ids       uuid[] NOT NULL DEFAULT '{}',            -- featured artists, in order
    track_count      integer NOT NULL DEFAULT 0 CHECK (track_count >= 0),
    popularity_score double precision NOT NULL DEFAULT 0 CHECK (popularity_score BETWEEN 0 AND 100),
    embedding_meta   jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz
);
CREATE INDEX playlists_genres ON playlists USING gin (genres);
CREATE INDEX playlists_provider ON playlists (provider);
CREATE INDEX playlists_popularity ON playlists (popularity_score DESC, id DESC);

CREATE TABLE rooms (
    id                   uuid PRIMARY KEY,
    external_id          text NOT NULL UNIQUE,
    name                 text NOT NULL,
    description          text,
    created_by           uuid,
    genre                text NOT NULL,                       -- the room's primary genre
    genres               text[] NOT NULL DEFAULT '{}',        -- primary first
    cover_art_url        text,
    current_participants integer NOT NULL DEFAULT 0 CHECK (current_participants >= 0),
    is_live              boolean NOT NULL DEFAULT false,
    popularity_score     double precision NOT NULL DEFAULT 0 CHECK (popularity_score BETWEEN 0 AND 100),
    embedding_meta       jsonb,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    deleted_at           timestamptz
);
CREATE INDEX rooms_genre ON rooms (genre);
CREATE INDEX rooms_genres ON rooms USING gin (genres);
CREATE INDEX rooms_popularity ON rooms (popularity_score DESC, id DESC);

-- ---------------------------------------------------------------- taste and activity (personal)

CREATE TABLE user_profiles (
    user_id        uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    top_artists    uuid[] NOT NULL DEFAULT '{}',
    top_genres     text[] NOT NULL DEFAULT '{}',
    top_playlists  uuid[] NOT NULL DEFAULT '{}',
    embedding_meta jsonb,                                     -- of the taste vector (in entity_vectors)
    last_computed  timestamptz,
    privacy_flags  jsonb NOT NULL DEFAULT '{}'::jsonb,
    deleted_at     timestamptz
);

-- Summary signals only, never play-by-play (engineering spec, "Provider integrations: Privacy").
CREATE TABLE user_activity_summary (
    user_id          uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    listens          jsonb NOT NULL DEFAULT '{}'::jsonb,      -- {artist_id: {count, last_at}}
    room_memberships jsonb NOT NULL DEFAULT '{}'::jsonb,      -- {room_id: last_joined_at}
    follows          jsonb NOT NULL DEFAULT '[]'::jsonb,      -- [artist_id]
    saved_playlists  jsonb NOT NULL DEFAULT '[]'::jsonb,      -- [playlist_id]
    last_updated     timestamptz NOT NULL DEFAULT now()
);

-- One row per direction: a mutual friendship is two rows, each in its owner's region.
-- friend_user_id has no FK because the friend may live in the other region.
CREATE TABLE friends (
    user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    friend_user_id    uuid NOT NULL,
    relationship_type text NOT NULL DEFAULT 'friend' CHECK (relationship_type IN ('friend', 'follow')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, friend_user_id),
    CHECK (user_id <> friend_user_id)
);
CREATE INDEX friends_friend ON friends (friend_user_id);

CREATE TABLE recommendations (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    entity_type     text NOT NULL CHECK (entity_type IN ('room', 'playlist', 'artist', 'person')),
    entity_id       uuid NOT NULL,
    score           double precision NOT NULL,
    model_version   text NOT NULL,
    source          text NOT NULL CHECK (source IN ('batch', 'real-time')),
    context         jsonb NOT NULL DEFAULT '{}'::jsonb,       -- surface, features, explanation, provenance
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    dismissed       boolean NOT NULL DEFAULT false,
    dismissed_mode  text CHECK (dismissed_mode IN ('hide_24h', 'not_interested', 'never')),
    dismissed_at    timestamptz,
    dismissed_until timestamptz
);
CREATE INDEX recommendations_user ON recommendations (user_id, created_at DESC);

-- ---------------------------------------------------------------- embeddings, events, jobs

CREATE TABLE embeddings_audit (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_user_id uuid,                                       -- null for catalog vectors
    entity_type   text NOT NULL,
    entity_id     uuid NOT NULL,
    provider      text NOT NULL,
    model         text NOT NULL,
    dim           integer NOT NULL CHECK (dim > 0),
    region        text NOT NULL CHECK (region IN ('eu', 'us', 'non-eu-temp')),
    version       text,
    override_id   uuid,
    job_id        uuid,
    tokens        integer NOT NULL DEFAULT 0,
    cost_usd      numeric(14, 8) NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz
);
CREATE INDEX embeddings_audit_owner ON embeddings_audit (owner_user_id) WHERE owner_user_id IS NOT NULL;
CREATE INDEX embeddings_audit_entity ON embeddings_audit (entity_type, entity_id);

CREATE TABLE fact_events (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid REFERENCES users (id) ON DELETE CASCADE,
    event_type      text NOT NULL,
    idempotency_key text,
    occurred_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    properties      jsonb NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX fact_events_user_time ON fact_events (user_id, occurred_at DESC);
CREATE INDEX fact_events_type_time ON fact_events (event_type, occurred_at DESC);

CREATE TABLE privacy_jobs (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id             uuid NOT NULL,                        -- no FK: the job outlives a deleted account
    kind                text NOT NULL CHECK (kind IN ('export', 'delete_imports', 'delete_account',
                                                      'unlink_purge', 'residency_propagation')),
    status              text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed',
                                                                         'failed', 'cancelled')),
    immediate_exclusion boolean NOT NULL DEFAULT false,
    requested_at        timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    completed_at        timestamptz,
    purge_due_at        timestamptz,
    progress            jsonb NOT NULL DEFAULT '{}'::jsonb,
    result              jsonb,
    error               text
);
CREATE INDEX privacy_jobs_user ON privacy_jobs (user_id, requested_at DESC);
CREATE INDEX privacy_jobs_pending ON privacy_jobs (status, requested_at) WHERE status IN ('queued', 'running');

-- ---------------------------------------------------------------- admin overrides and the audit log

CREATE TABLE admin_overrides (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    requested_by       uuid NOT NULL,
    requested_at       timestamptz NOT NULL DEFAULT now(),
    reason             text NOT NULL,
    scope              text NOT NULL,                         -- e.g. 'spend_cap', 'non_eu_fallback', 'resume_jobs', 'residency'
    affected_cohorts   jsonb NOT NULL DEFAULT '[]'::jsonb,
    expires_at         timestamptz NOT NULL,
    approvers_required integer NOT NULL DEFAULT 2 CHECK (approvers_required >= 2),
    status             text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'executed',
                                                                            'expired', 'reverted', 'rejected')),
    executed_by        uuid,
    executed_at        timestamptz,
    reverted_at        timestamptz,
    cost_projection    numeric(14, 2),
    rollback_plan      text
);

CREATE TABLE admin_override_approvals (
    override_id uuid NOT NULL REFERENCES admin_overrides (id),
    approver_id uuid NOT NULL,
    role        text NOT NULL,
    comment     text,
    approved_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (override_id, approver_id)
);

-- Append-only: rows can be added, never changed or removed, whoever connects.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    actor_id     uuid,
    action       text NOT NULL,
    subject_type text,
    subject_id   text,
    details      jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
