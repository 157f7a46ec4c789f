-- One login role per service that uses the database, signing in with IAM database authentication (rds_iam): no
-- password exists, so nothing rotates under a running task. Idempotent: the runbook runs it again after adding a
-- service. Run as the master user by the <prefix>-db-bootstrap task (docs/phase2.md, "Database users").
-- {{user}} and {{database}} are replaced per service at synth time (constructs/data/database-identity/service-identity.ts).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{{user}}') THEN
    CREATE ROLE {{user}} LOGIN;
  END IF;
END
$$;
GRANT rds_iam TO {{user}};
GRANT CONNECT ON DATABASE {{database}} TO {{user}};
GRANT USAGE ON SCHEMA public TO {{user}};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {{user}};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {{user}};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {{user}};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {{user}};
