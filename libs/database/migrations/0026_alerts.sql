-- Alerts (issue 17): rules per ward, the incidents they open, and each message sent about them.
-- A rule is evaluated every minute by the api (a BullMQ job scheduler); an incident is one
-- condition of one rule about one subject (a kiosk, a target, the ward's visits), opened once
-- and resolved once, each time with one message per channel.

CREATE TABLE alert_rules (
  id             uuid PRIMARY KEY,
  ward_code      text NOT NULL REFERENCES wards (code),
  kind           text NOT NULL CHECK (kind IN ('silent_kiosk', 'behind_pace', 'sudden_drop')),
  enabled        boolean NOT NULL DEFAULT true,
  -- The kind's own parameters (silence in minutes, opening hours, drop percent, minimum median),
  -- checked by the api's schema of that kind; the defaults are filled in there.
  params         jsonb NOT NULL DEFAULT '{}',
  -- City time (Asia/Ho_Chi_Minh), either both or neither; quiet_to before quiet_from crosses
  -- midnight (21:00 to 06:00). No incident opens and nothing is sent in them.
  quiet_from     time,
  quiet_to       time,
  email_to       text[] NOT NULL DEFAULT '{}',
  webhook_url    text CHECK (webhook_url ~ '^https?://'),
  -- Signs the webhook's body (HMAC-SHA256); kept as given, since signing needs it. Shown once.
  webhook_secret text,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((quiet_from IS NULL) = (quiet_to IS NULL)),
  CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL))
);

CREATE INDEX alert_rules_ward_code ON alert_rules (ward_code);

CREATE TABLE alert_incidents (
  id            uuid PRIMARY KEY,
  rule_id       uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  ward_code     text NOT NULL REFERENCES wards (code),
  kind          text NOT NULL,
  -- What it is about: a kiosk's or target's id, or 'visits' for the ward's drop.
  subject       text NOT NULL,
  subject_label text NOT NULL,
  -- The rule and the subject: at most one open incident has it, so several api processes
  -- evaluating at once open it once.
  dedup_key     text NOT NULL,
  -- The figures that opened it (the kiosk's last contact, the target's pace, the hour's visits).
  details       jsonb NOT NULL DEFAULT '{}',
  opened_at     timestamptz NOT NULL,
  resolved_at   timestamptz,
  CHECK (resolved_at IS NULL OR resolved_at >= opened_at)
);

CREATE UNIQUE INDEX alert_incidents_open_dedup ON alert_incidents (dedup_key) WHERE resolved_at IS NULL;
CREATE INDEX alert_incidents_ward_opened ON alert_incidents (ward_code, opened_at DESC);
CREATE INDEX alert_incidents_rule ON alert_incidents (rule_id) WHERE resolved_at IS NULL;

CREATE TABLE alert_deliveries (
  id          uuid PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES alert_incidents (id) ON DELETE CASCADE,
  message     text NOT NULL CHECK (message IN ('opened', 'resolved')),
  channel     text NOT NULL CHECK (channel IN ('email', 'webhook')),
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz,
  -- One message per incident, event and channel, however many times it is tried.
  UNIQUE (incident_id, message, channel)
);

CREATE INDEX alert_deliveries_pending ON alert_deliveries (created_at) WHERE status = 'pending';
