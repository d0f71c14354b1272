-- Scheduled reports (issue 17): a user's subscription to a scope's weekly, monthly or half-yearly
-- report by e-mail, and each period's delivery of it. A delivery row is written once per
-- subscription and period, so however many api processes run the schedule, a report goes once.

CREATE TABLE report_subscriptions (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id),
  -- Users have no e-mail address of their own: the subscriber gives the one reports go to.
  email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  scope       text NOT NULL CHECK (scope IN ('city', 'ward')),
  ward_code   text REFERENCES wards (code),
  schedule    text NOT NULL CHECK (schedule IN ('weekly', 'monthly', 'half-yearly')),
  language    text NOT NULL CHECK (language IN ('vi', 'en')),
  formats     text[] NOT NULL CHECK (cardinality(formats) >= 1 AND formats <@ ARRAY['pdf', 'xlsx']),
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- Cancelling keeps the row (its deliveries stay visible to admins) and stops the sending.
  active      boolean NOT NULL DEFAULT true,
  cancelled_at timestamptz,
  CHECK ((scope = 'ward') = (ward_code IS NOT NULL)),
  CHECK (active = (cancelled_at IS NULL))
);

CREATE INDEX report_subscriptions_user_id ON report_subscriptions (user_id);
CREATE INDEX report_subscriptions_due ON report_subscriptions (schedule) WHERE active;

CREATE TABLE report_deliveries (
  id              uuid PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES report_subscriptions (id),
  -- The first city day of the period reported on (a Monday, the 1st of a month, 1 January or 1 July).
  period_start    date NOT NULL,
  status          text NOT NULL CHECK (status IN ('queued', 'sent', 'failed')) DEFAULT 'queued',
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  -- What went: the size of the message's attachments together, for the admins' list.
  bytes           integer,
  UNIQUE (subscription_id, period_start),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

CREATE INDEX report_deliveries_status_updated ON report_deliveries (status, updated_at DESC);
