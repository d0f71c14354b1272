-- Share links to the public view (docs/privacy.md, issue 15): a read-only page of one ward or
-- the city that anyone with the link can open, until its maker (an admin, or the ward's staff)
-- revokes it. Only a digest of the token is kept, as for API tokens.
CREATE TABLE share_links (
  id         uuid PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  label      text NOT NULL,
  -- NULL: the whole city.
  ward_code  text REFERENCES wards (code),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
