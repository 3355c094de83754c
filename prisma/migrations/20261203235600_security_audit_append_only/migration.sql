-- Hand-written (Prisma does not model triggers): the security audit trail is append-only at the
-- database level. UPDATE, DELETE and TRUNCATE on security_audit are refused for every role that does
-- not first drop these triggers (which needs the table owner, and is itself visible in the schema).
CREATE OR REPLACE FUNCTION security_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'security_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER security_audit_no_update BEFORE UPDATE OR DELETE ON "security_audit"
  FOR EACH ROW EXECUTE FUNCTION security_audit_refuse_change();

CREATE TRIGGER security_audit_no_truncate BEFORE TRUNCATE ON "security_audit"
  FOR EACH STATEMENT EXECUTE FUNCTION security_audit_refuse_change();
