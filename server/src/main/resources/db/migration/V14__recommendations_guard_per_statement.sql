-- The residency guard of recommendations checks each INSERT statement's new rows together, not row
-- by row. The nightly batch writes 50 rows a user (5 million a night on `large`) in multi-row
-- inserts, and the row trigger's plpgsql call and owner query were ~40 % of PostgreSQL's time per
-- inserted row (docs/BENCHMARKS.md, "The nightly batch on large, fifth session"). The guarantee is
-- the same: a statement with any row of a user who is not one of this database's, of its residency,
-- fails whole with the row trigger's message. An owner changed by UPDATE is still checked per row.

CREATE FUNCTION seda_check_inserted_user_ids() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stranger uuid;
BEGIN
    FOR stranger IN
        SELECT DISTINCT n.user_id FROM new_rows n LEFT JOIN users u ON u.id = n.user_id
        WHERE u.data_residency IS DISTINCT FROM seda_residency_of(seda_region())
    LOOP
        PERFORM seda_require_local_owner(stranger, TG_TABLE_NAME);  -- raises the guard's error
    END LOOP;
    RETURN NULL;
END $$;

DROP TRIGGER residency_guard ON recommendations;
CREATE TRIGGER residency_guard BEFORE UPDATE OF user_id ON recommendations
    FOR EACH ROW EXECUTE FUNCTION seda_guard_user_id();
CREATE TRIGGER residency_guard_inserts AFTER INSERT ON recommendations
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION seda_check_inserted_user_ids();
