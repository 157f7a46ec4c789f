-- One user per service that uses the database, signing in with IAM database authentication (AWSAuthenticationPlugin)
-- over TLS only: no password exists, so nothing rotates under a running task. Idempotent. Run as the master user by the
-- <prefix>-db-bootstrap task (docs/phase2.md, "Database users"). {{user}} and {{database}} are replaced per service.
CREATE USER IF NOT EXISTS '{{user}}'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL;
GRANT SELECT, INSERT, UPDATE, DELETE ON `{{database}}`.* TO '{{user}}'@'%';
