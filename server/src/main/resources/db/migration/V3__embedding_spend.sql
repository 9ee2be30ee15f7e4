-- The embedding spend ledger and the enforcement actions taken against the cap. Organisation-level
-- and free of personal data: the service keeps them in the operations (us) database; the tables
-- exist in both regions because both run the same migrations.

CREATE TABLE embedding_usage (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now(),
    provider    text NOT NULL,
    model       text NOT NULL,
    region      text NOT NULL,               -- the data's region: eu, us, non-eu-temp
    purpose     text NOT NULL,
    priority    text NOT NULL,
    job_id      uuid,
    items       integer NOT NULL CHECK (items > 0),
    tokens      bigint NOT NULL CHECK (tokens >= 0),
    cost_usd    numeric(14, 8) NOT NULL CHECK (cost_usd >= 0),
    shadow      boolean NOT NULL DEFAULT false
);
CREATE INDEX embedding_usage_time ON embedding_usage (created_at);
CREATE INDEX embedding_usage_job ON embedding_usage (job_id) WHERE job_id IS NOT NULL;

CREATE TABLE embedding_enforcement_actions (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at    timestamptz NOT NULL DEFAULT now(),
    month         text NOT NULL,             -- YYYY-MM the action belongs to
    level         text NOT NULL,             -- the spend level it enforces
    action        text NOT NULL,
    reason        text NOT NULL,
    projected_usd numeric(14, 2),
    cap_usd       numeric(14, 2),
    actor         text NOT NULL DEFAULT 'system',
    override_id   uuid
);
CREATE INDEX embedding_enforcement_actions_month ON embedding_enforcement_actions (month, created_at);

-- Operator changes of which provider serves a region and purpose (switch-model), newest wins.
CREATE TABLE embedding_routes (
    region     text NOT NULL,
    purpose    text NOT NULL,
    provider   text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text NOT NULL,
    PRIMARY KEY (region, purpose)
);
