-- An event id is counted once, whatever its time; and the fleet shows what a kiosk sends that
-- does not add up (issue 13).
--
-- The ledger. The events hypertable can only hold a unique index that includes its partitioning
-- column, so (id, occurred_at) is unique there: the same id resent with a shifted time was a
-- second event, and the same id and time from another kiosk was dropped without a word. Deriving
-- the stored time from the id would need every id to be a UUIDv7, and the protocol takes v4 ids
-- too. So the ids live in a plain table of their own, unique on the id alone, beside the kiosk
-- that sent them first. The worker claims a batch's ids here in the same statement that inserts
-- its events, and inserts only the events whose id (and time) it claimed: a resend with another
-- time is dropped as a resend, and a copy of an id another kiosk claimed first is counted as a
-- rejection of the kiosk that sent it (duplicate_id). The events' own unique index stays: it
-- still turns away copies of events stored before this ledger existed.
--
-- A row is needed only while a copy of its event could still be accepted. POST refuses events
-- older than EVENT_MAX_AGE_DAYS, so the worker deletes rows whose event is older than that (and
-- a day): the table holds about that many days of ids. It is pruned by occurred_at through a
-- BRIN index, which costs next to nothing per insert (rows arrive in roughly time order), rather
-- than a second b-tree kept up to date on every write. Measured cost of the claim on the write
-- path: see the worker's event-writer.ts.
CREATE TABLE event_ids (
  id          uuid PRIMARY KEY,
  -- The kiosk that sent the id first; a copy from any other kiosk is not counted.
  kiosk_id    uuid NOT NULL,
  occurred_at timestamptz NOT NULL
);

CREATE INDEX event_ids_occurred_at ON event_ids USING brin (occurred_at);

-- The ids of the events still inside the default acceptance window (30 days, and a day).
INSERT INTO event_ids (id, kiosk_id, occurred_at)
SELECT DISTINCT ON (id) id, kiosk_id, occurred_at
FROM events
WHERE occurred_at > now() - INTERVAL '31 days'
ORDER BY id, received_at, occurred_at;

-- The code of a kiosk's last rejection, beside its message.
ALTER TABLE kiosks ADD COLUMN last_error_code text;

-- What a kiosk sent today that a person should look at, per city day it was noticed on:
-- events past its plausibility bounds (over_limit), events from an earlier day than the one
-- they arrived on (late_events), ids another kiosk had sent first (duplicate_ids). Kiosks are
-- revoked, never deleted, so there is no foreign key to hold up a truncation.
CREATE TABLE kiosk_flags (
  kiosk_id uuid NOT NULL,
  day      date NOT NULL,
  code     text NOT NULL CHECK (code IN ('over_limit', 'late_events', 'duplicate_ids')),
  count    bigint NOT NULL,
  last_at  timestamptz NOT NULL,
  PRIMARY KEY (kiosk_id, day, code)
);
