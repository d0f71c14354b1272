-- Pairing codes (issue 16): ward staff or an admin ask for one, and the kiosk app exchanges it,
-- once and within 10 minutes, for a new key of its kiosk. Only a keyed hash of the code is kept.
CREATE TABLE kiosk_pairing_codes (
  code_hash  bytea PRIMARY KEY,
  kiosk_id   uuid NOT NULL REFERENCES kiosks (id) ON DELETE CASCADE,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);

CREATE INDEX kiosk_pairing_codes_kiosk ON kiosk_pairing_codes (kiosk_id);
