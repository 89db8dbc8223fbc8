-- roles.sql - one PostgreSQL role per service, each allowed only its own schema.
--
-- Run once per database as a superuser (psql -v ON_ERROR_STOP=1 -f roles.sql), before the
-- services start; it is idempotent. Each service then connects with its own DSN, such as
-- DURE_CATALOG_DB_DSN=postgresql://dure_catalog@db/dure, and its migrations run as the
-- schema's owner. Set passwords separately (ALTER ROLE dure_catalog PASSWORD '...') from the
-- deployment's secrets; the roles below are created without one.
DO $$
DECLARE
    svc text;
BEGIN
    FOREACH svc IN ARRAY ARRAY['catalog', 'order', 'logistics', 'packaging'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dure_' || svc) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', 'dure_' || svc);
        END IF;
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, 'dure_' || svc);
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', svc, 'dure_' || svc);
        -- Nobody else may even look inside.
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', svc);
    END LOOP;
    -- No service writes outside its schema.
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
END
$$;
