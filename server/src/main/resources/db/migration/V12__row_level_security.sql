-- Row-level security, Supabase style (engineering spec, "Security & RLS"): a transaction the
-- server runs on a user's behalf takes the role seda_user and names the user
-- (RegionalDatabase.asUser: set_config('role', 'seda_user', true), set_config('seda.user_id', ...)),
-- and the policies below show that role the user's own rows only. The server's own connection is
-- internal: it owns the tables, so it reads and writes everything (jobs, batch ranking, moves).

DO $$
BEGIN
    -- roles are cluster-wide: the second regional database on one cluster finds it made
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'seda_user') THEN
        CREATE ROLE seda_user NOLOGIN;
    END IF;
END $$;

-- the connecting role may take seda_user (a superuser may anyway; a production role needs it)
GRANT seda_user TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO seda_user;

-- The user a seda_user transaction acts for; null (no rows) when none was named.
CREATE FUNCTION seda_uid() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('seda.user_id', true), '')::uuid $$;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_select_own ON users FOR SELECT TO seda_user USING (id = seda_uid());
GRANT SELECT ON users TO seda_user;

-- Every personal table, read from its residency guard trigger (V10, V11) like the audit does, so
-- the two lists cannot drift; a table guarded by a later migration gets its policy there too.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.relname AS tbl, substring(p.proname FROM 'seda_guard_(.*)') AS owner_column
        FROM pg_trigger tr JOIN pg_class c ON c.oid = tr.tgrelid JOIN pg_proc p ON p.oid = tr.tgfoid
        WHERE tr.tgname = 'residency_guard'
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.tbl);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO seda_user USING (%I = seda_uid())',
                       t.tbl || '_select_own', t.tbl, t.owner_column);
        EXECUTE format('GRANT SELECT ON %I TO seda_user', t.tbl);
    END LOOP;
END $$;
