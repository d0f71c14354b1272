-- People and automation that may read or change things, and what they changed.
CREATE TYPE user_role AS ENUM ('admin', 'city_official', 'ward_staff');

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
  -- argon2id, with its parameters and salt in the string.
  password_hash text NOT NULL,
  role          user_role NOT NULL,
  ward_code     text REFERENCES wards (code),
  disabled      boolean NOT NULL DEFAULT false,
  -- Raised whenever the user is locked, changes role or ward, or gets a new password:
  -- sign-in tokens issued before carry the old number and stop working at once.
  token_version integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'ward_staff') = (ward_code IS NOT NULL))
);

-- Named tokens for scripts and integrations; only a hash is kept.
CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY,
  name         text NOT NULL,
  token_hash   bytea NOT NULL UNIQUE,
  role         user_role NOT NULL,
  ward_code    text REFERENCES wards (code),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  last_used_at timestamptz,
  CHECK ((role = 'ward_staff') = (ward_code IS NOT NULL))
);

CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL,
  target_type text NOT NULL,
  target_id   text NOT NULL,
  details     jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX audit_log_at ON audit_log (at DESC);

-- What the fleet page shows of each kiosk's traffic.
ALTER TABLE kiosks
  ADD COLUMN events_stored   bigint NOT NULL DEFAULT 0,
  ADD COLUMN events_rejected bigint NOT NULL DEFAULT 0,
  ADD COLUMN last_error      text,
  ADD COLUMN last_error_at   timestamptz;
