-- The residency guard (EU data residency issue; engineering spec "Residency & routing: canonical
-- rules"): a database refuses a personal row whose owner is not one of its own users, of the
-- residency it serves (eu: 'eu'; us: 'non-eu'), even when the service layer's validator is bypassed.
-- It checks when a row is inserted or its owner changes, not on other updates: a row may outlive its
-- owner's account (privacy jobs), and a move between regions copies rows before it deletes them.

CREATE FUNCTION seda_residency_of(region text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE region WHEN 'eu' THEN 'eu' ELSE 'non-eu' END $$;

CREATE FUNCTION seda_require_local_owner(owner uuid, tbl text) RETURNS void LANGUAGE plpgsql STABLE AS $$
DECLARE
    residency text;
BEGIN
    IF owner IS NULL THEN
        RETURN;                                   -- not personal (a catalog vector)
    END IF;
    SELECT data_residency INTO residency FROM users WHERE id = owner;
    IF residency IS NULL THEN
        RAISE EXCEPTION 'residency guard: % row of user % refused: the user is not in the % database',
            tbl, owner, seda_region()
            USING ERRCODE = 'check_violation', HINT = 'write personal rows to the database of the owner''s data_residency';
    ELSIF residency <> seda_residency_of(seda_region()) THEN
        RAISE EXCEPTION 'residency guard: % row of user % refused: the user''s data_residency is %, the % database holds %',
            tbl, owner, residency, seda_region(), seda_residency_of(seda_region())
            USING ERRCODE = 'check_violation', HINT = 'write personal rows to the database of the owner''s data_residency';
    END IF;
END $$;

CREATE FUNCTION seda_guard_user_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM seda_require_local_owner(NEW.user_id, TG_TABLE_NAME);
    RETURN NEW;
END $$;

CREATE FUNCTION seda_guard_owner_user_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM seda_require_local_owner(NEW.owner_user_id, TG_TABLE_NAME);
    RETURN NEW;
END $$;

-- the personal tables, by owner column
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON user_profiles
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON user_activity_summary
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON linked_accounts
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON friends
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON recommendations
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON fact_events
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON privacy_jobs
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON room_presence
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON feed_snapshots
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON dismissals
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF user_id ON seen_items
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard BEFORE INSERT OR UPDATE OF owner_user_id ON entity_vectors
    FOR EACH ROW EXECUTE FUNCTION seda_guard_owner_user_id();
