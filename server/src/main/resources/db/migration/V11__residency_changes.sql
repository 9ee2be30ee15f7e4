-- Residency changes (EU data residency issue; engineering spec "Residency & routing: canonical
-- rules"): the signals users.data_residency is decided from, the re-auth tokens a user's own change
-- needs, and the guard on the personal tables V10 left out.

-- One row per source: the latest word of billing, the user, KYC, subscription metadata, or an
-- admin override. users.data_residency is the highest-precedence live signal (billing > user
-- declared > kyc > subscription; an unexpired admin override above all), or 'non-eu' without any.
-- IP geolocation is advisory only and is never stored as a signal.
CREATE TABLE residency_signals (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source      text NOT NULL CHECK (source IN ('billing', 'user_declared', 'kyc', 'subscription', 'admin_override')),
    residency   text NOT NULL CHECK (residency IN ('eu', 'non-eu')),
    actor       text NOT NULL,                 -- who recorded it: the user's subject, an admin, a system
    evidence    text,                          -- what it rests on (a contract id, a KYC check id)
    override_id uuid,                          -- the executed two-approver override (admin_override only)
    recorded_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,                   -- admin overrides are time-boxed
    PRIMARY KEY (user_id, source),
    CHECK ((source = 'admin_override') = (override_id IS NOT NULL AND expires_at IS NOT NULL))
);
CREATE INDEX residency_signals_expiry ON residency_signals (expires_at) WHERE expires_at IS NOT NULL;

-- Short-lived proof that the user authenticated again (POST /auth/reauth), spent by one sensitive
-- action (a residency change, a deletion). Only a hash of the token is kept.
CREATE TABLE reauth_tokens (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX reauth_tokens_user ON reauth_tokens (user_id);

-- residency_changes names its user: it lives, and moves, with the user's other rows.
ALTER TABLE residency_changes ADD COLUMN job_id uuid;

CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON residency_changes
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON residency_signals
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON reauth_tokens
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF owner_user_id ON embeddings_audit
    FOR EACH ROW EXECUTE FUNCTION seda_guard_owner_user_id();
