-- Reference data (the city's ward-level units) and the kiosks placed in them.
CREATE EXTENSION IF NOT EXISTS timescaledb;

CREATE TYPE ward_kind AS ENUM ('ward', 'commune', 'special_zone');

CREATE TABLE wards (
  code            text PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
  name            text NOT NULL,
  name_en         text NOT NULL,
  kind            ward_kind NOT NULL,
  former_province text NOT NULL,
  -- Lower-case name with accents and tone marks removed, so "Hòa" and "Hoà" both match "hoa".
  search_key      text NOT NULL
);

CREATE TABLE kiosks (
  id           uuid PRIMARY KEY,
  ward_code    text NOT NULL REFERENCES wards (code),
  label        text NOT NULL,
  -- SHA-256 of the kiosk key; the key itself is shown once and never stored.
  key_hash     bytea NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  last_seen_at timestamptz
);

CREATE INDEX kiosks_ward_code ON kiosks (ward_code);
