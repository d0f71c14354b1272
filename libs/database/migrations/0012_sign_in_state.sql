-- Sign-ins ended before they expire (logout). Kept in the database rather than in Redis, so that
-- a sign-out holds while Redis is away; a row may go once its token would have expired anyway.
CREATE TABLE revoked_sessions (
  jti        uuid PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

CREATE INDEX revoked_sessions_expires_at ON revoked_sessions (expires_at);

-- The admin whose rights an API token carries: the one who made it, directly or with another of
-- their tokens. The token works only while that user is an active admin, so locking or demoting
-- a person stops the tokens they made. NULL: made with ADMIN_TOKEN, which no user stands behind.
ALTER TABLE api_tokens ADD COLUMN owner_id uuid REFERENCES users (id);

UPDATE api_tokens AS t SET owner_id = u.id FROM users AS u WHERE t.created_by = 'user:' || u.username;
