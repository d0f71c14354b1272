-- Raw kiosk events, one row per event, in a hypertable partitioned on the kiosk's own clock.
-- Heartbeats are not stored here: they only move a kiosk's last_seen_at.
CREATE TYPE event_type AS ENUM (
  'visit_started', 'guide_started', 'guide_completed', 'guide_abandoned', 'account_registered'
);
CREATE TYPE age_group AS ENUM (
  'under_14', '14_15', '16_30', '31_44', '45_59', '60_64', '65_74', '75_plus', 'unknown'
);
CREATE TYPE guide AS ENUM ('vneid', 'public_services', 'procedure_lookup', 'scam_awareness', 'other');
CREATE TYPE helper_role AS ENUM ('youth_volunteer', 'police', 'ward_staff', 'self_service');

CREATE TABLE events (
  id              uuid NOT NULL,
  -- As the kiosk sent it, never rewritten: the pair (id, occurred_at) is what makes a resend a duplicate.
  occurred_at     timestamptz NOT NULL,
  received_at     timestamptz NOT NULL,
  -- Server receive time minus the kiosk's sentAt, when the kiosk sent one.
  clock_offset_ms bigint,
  kiosk_id        uuid NOT NULL,
  -- The kiosk's ward when the event was received; moving a kiosk later does not move its history.
  ward_code       text NOT NULL,
  type            event_type NOT NULL,
  age_group       age_group,
  guide           guide,
  level           smallint,
  helper_role     helper_role,
  duration_ms     integer
);

SELECT create_hypertable('events', by_range('occurred_at', INTERVAL '1 day'));

CREATE UNIQUE INDEX events_id_occurred_at ON events (id, occurred_at);
CREATE INDEX events_ward_code_occurred_at ON events (ward_code, occurred_at DESC);
