-- Who looked at what (issue 15): every signed-in read of figures ('stats.read') and every file of
-- them ('stats.export') is an audit_log entry, its target the ward read ('ward', code) or the city
-- ('city', 'city'), its details the scope (role, view, range, export kind), never a figure. They
-- come in batches and outnumber the changes by far: the log is filtered by these columns, newest
-- first, and the reads older than AUDIT_RETENTION_MONTHS are deleted (apps/api/src/audit).
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor, id DESC);
CREATE INDEX audit_log_action ON audit_log (action, at);
