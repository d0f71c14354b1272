-- What a kiosk's latest heartbeat said (kiosk clock): the events it still held unsent, and its
-- app's version, for the fleet page. Null until a heartbeat says so.
ALTER TABLE kiosks
  ADD COLUMN heartbeat_at   timestamptz,
  ADD COLUMN pending_events integer,
  ADD COLUMN app_version    text;
