package dev.strata.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;

/**
 * The store's roles and what each may do (docs/security.md):
 *
 * <ul>
 *   <li>{@link #OWNER} owns the schema and every table, and runs the migrations;
 *   <li>{@link #APP}, the server's role, reads and writes the control plane's tables but owns none, so it can neither
 *       disable a trigger nor change or delete an audit row;
 *   <li>{@link #RUN}, a child run's role, records quality metrics, the run ledger and, through {@code
 *       record_run_dataset} (and {@code record_run_table}, {@code record_run_quarantine_sample}) and the token its
 *       server gave it, its own run's progress and tables, and reads nothing else.
 * </ul>
 *
 * <p>An embedded store creates the roles; on an external PostgreSQL, roles are the cluster's, and Strata only grants
 * the run role's privileges to {@code STRATA_DB_RUN_USER} when that is set.
 */
final class StoreRoles {
    static final String SUPERUSER = "postgres";
    static final String OWNER = "strata_owner";
    static final String APP = "strata_app";
    static final String RUN = "strata_run";

    /** The tables a run writes, and what it may do to each: it reads and writes nothing else. */
    private static final String RUN_TABLE_GRANTS = """
            GRANT SELECT ON flyway_schema_history TO %1$s;
            GRANT SELECT, INSERT, UPDATE ON metric_runs TO %1$s;
            GRANT SELECT, INSERT, DELETE ON metric_values, rule_results TO %1$s;
            GRANT USAGE ON SEQUENCE metric_runs_id_seq TO %1$s;
            GRANT SELECT, INSERT, UPDATE ON ledger_entries, ledger_runs TO %1$s;
            GRANT DELETE ON ledger_entries TO %1$s;
            GRANT SELECT, INSERT, UPDATE, DELETE ON ledger_pending TO %1$s;
            GRANT EXECUTE ON FUNCTION record_run_dataset(TEXT, TEXT, TEXT, TEXT, BIGINT, BIGINT, BIGINT, BIGINT,
                DOUBLE PRECISION, TEXT) TO %1$s;
            GRANT EXECUTE ON FUNCTION record_run_dataset_attempts(TEXT, TEXT, TEXT, INT, TEXT) TO %1$s;
            GRANT EXECUTE ON FUNCTION record_run_dataset_rules(TEXT, TEXT, TEXT, INT, INT) TO %1$s;
            GRANT EXECUTE ON FUNCTION record_run_table(TEXT, TEXT, TEXT, TEXT, TEXT, BIGINT, TEXT) TO %1$s;
            GRANT EXECUTE ON FUNCTION record_run_quarantine_sample(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, BIGINT)
                TO %1$s;
            """;

    private StoreRoles() {}

    /**
     * Creates the three roles where missing, sets their passwords (as SCRAM verifiers computed here, so no password
     * reaches the server's logs), and gives the owner the schema and everything in it. Run as the superuser on an
     * embedded store's database, on every start: it also upgrades a data directory an older Strata made, whose tables
     * the superuser owns.
     */
    static void bootstrap(Connection superuser, StoreCredentials credentials, boolean setSuperuserPassword)
            throws SQLException {
        PGConnection pg = superuser.unwrap(PGConnection.class);
        boolean autoCommit = superuser.getAutoCommit();
        superuser.setAutoCommit(false);
        try (Statement sql = superuser.createStatement()) {
            // One bootstrap at a time, should two processes race on a fresh directory's roles.
            sql.execute("SELECT pg_advisory_xact_lock(hashtext('strata_roles'))");
            for (String role : new String[] {OWNER, APP, RUN}) {
                sql.execute("""
                        DO $$
                        BEGIN
                            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                                CREATE ROLE %1$s;
                            END IF;
                        END
                        $$""".formatted(role));
                sql.execute("ALTER ROLE " + role
                        + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT -1");
            }
            pg.alterUserPassword(OWNER, credentials.owner().toCharArray(), "scram-sha-256");
            pg.alterUserPassword(APP, credentials.app().toCharArray(), "scram-sha-256");
            pg.alterUserPassword(RUN, credentials.run().toCharArray(), "scram-sha-256");
            if (setSuperuserPassword) {
                pg.alterUserPassword(SUPERUSER, credentials.superuser().toCharArray(), "scram-sha-256");
            }
            sql.execute("REVOKE ALL ON DATABASE postgres FROM PUBLIC");
            sql.execute("REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC");
            sql.execute("GRANT CONNECT ON DATABASE postgres TO " + OWNER + ", " + APP + ", " + RUN);
            sql.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
            sql.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + OWNER);
            sql.execute("GRANT USAGE ON SCHEMA public TO " + APP + ", " + RUN);
            // Tables first: each takes its own sequences along; then what is left.
            sql.execute("""
                    DO $$
                    DECLARE
                        object TEXT;
                    BEGIN
                        FOR object IN SELECT c.oid::regclass::text FROM pg_class c
                                      JOIN pg_namespace n ON n.oid = c.relnamespace
                                      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                                        AND c.relowner <> '%1$s'::regrole LOOP
                            EXECUTE format('ALTER TABLE %%s OWNER TO %1$s', object);
                        END LOOP;
                        FOR object IN SELECT c.oid::regclass::text FROM pg_class c
                                      JOIN pg_namespace n ON n.oid = c.relnamespace
                                      WHERE n.nspname = 'public' AND c.relkind = 'S'
                                        AND c.relowner <> '%1$s'::regrole LOOP
                            EXECUTE format('ALTER SEQUENCE %%s OWNER TO %1$s', object);
                        END LOOP;
                        FOR object IN SELECT p.oid::regprocedure::text FROM pg_proc p
                                      JOIN pg_namespace n ON n.oid = p.pronamespace
                                      WHERE n.nspname = 'public' AND p.proowner <> '%1$s'::regrole LOOP
                            EXECUTE format('ALTER FUNCTION %%s OWNER TO %1$s', object);
                        END LOOP;
                    END
                    $$""".formatted(OWNER));
            superuser.commit();
        } catch (SQLException | RuntimeException e) {
            superuser.rollback();
            throw e;
        } finally {
            superuser.setAutoCommit(autoCommit);
        }
    }

    /**
     * Grants the server's role and the run role exactly their privileges on the store's schema, revoking whatever else
     * they had there. Run as the owner after every migration, since a migration may add tables. Either role may be
     * null: it is then left alone.
     */
    static void grant(Handle owner, String app, String run) {
        owner.useTransaction(sql -> {
            // Servers starting together would otherwise update the same privileges at once ("tuple concurrently
            // updated").
            sql.execute("SELECT pg_advisory_xact_lock(hashtext('strata_grants'))");
            String schema = quote(sql.createQuery("SELECT current_schema()")
                    .mapTo(String.class)
                    .one());
            if (app != null) {
                String role = quote(app);
                sql.execute("REVOKE ALL ON ALL TABLES IN SCHEMA " + schema + " FROM " + role);
                sql.execute("REVOKE ALL ON ALL SEQUENCES IN SCHEMA " + schema + " FROM " + role);
                sql.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
                sql.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
                // Audit rows are appended, never changed; their ids and hashes are the chain's trigger's to give.
                sql.execute("REVOKE UPDATE, DELETE ON audit_log FROM " + role);
                sql.execute("REVOKE INSERT, UPDATE, DELETE ON audit_chain_head, flyway_schema_history FROM " + role);
                sql.execute("REVOKE ALL ON SEQUENCE audit_log_id_seq FROM " + role);
            }
            if (run != null) {
                String role = quote(run);
                sql.execute("REVOKE ALL ON ALL TABLES IN SCHEMA " + schema + " FROM " + role);
                sql.execute("REVOKE ALL ON ALL SEQUENCES IN SCHEMA " + schema + " FROM " + role);
                for (String statement : RUN_TABLE_GRANTS.formatted(role).split(";")) {
                    if (!statement.isBlank()) {
                        sql.execute(statement);
                    }
                }
            }
        });
    }

    /** Whether the connected user owns the store's tables (the audit log stands for them all). */
    static boolean ownsSchema(Handle handle) {
        return handle.createQuery("""
                        SELECT pg_get_userbyid(relowner) = current_user FROM pg_class
                        WHERE oid = to_regclass('audit_log')""").mapTo(Boolean.class).findOne().orElse(false);
    }

    /** A role name as a SQL identifier: a configured name may hold any character. */
    static String quote(String role) {
        return "\"" + role.replace("\"", "\"\"") + "\"";
    }
}
