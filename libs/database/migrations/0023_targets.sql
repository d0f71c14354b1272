-- Targets the city sets (Kế hoạch 31/KH-UBND of 2026, "Bình dân học vụ số"): a count of visits
-- (optionally of some age groups) or of one outcome, per ward or for the whole city (ward_code
-- NULL), optionally counted at a team's kiosks only, between two city days (Asia/Ho_Chi_Minh).
-- Counts are contributions (lượt), never coverage of a population.

-- A named group of kiosks: a community digital technology team, say. Of one ward, or of the
-- city (ward_code NULL).
CREATE TABLE teams (
  id         uuid PRIMARY KEY,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  ward_code  text REFERENCES wards (code),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT teams_name_unique UNIQUE NULLS NOT DISTINCT (ward_code, name)
);

CREATE TABLE team_kiosks (
  team_id  uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  kiosk_id uuid NOT NULL REFERENCES kiosks (id),
  PRIMARY KEY (team_id, kiosk_id)
);

CREATE TABLE targets (
  id         uuid PRIMARY KEY,
  -- 'visits', or the outcome counted (the outcome column then holds it, for its enum's check).
  indicator  text NOT NULL,
  outcome    outcome,
  -- Visits only, in the enum's order: the age groups counted; NULL counts every visit.
  age_groups age_group[],
  ward_code  text REFERENCES wards (code),
  team_id    uuid REFERENCES teams (id),
  target     integer NOT NULL CHECK (target > 0),
  start_day  date NOT NULL,
  deadline   date NOT NULL,
  note       text,
  -- Who set it last (as the audit log names them) and when; the audit log keeps every change.
  set_by     text NOT NULL,
  set_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (deadline >= start_day),
  CHECK ((indicator = 'visits' AND outcome IS NULL) OR (indicator <> 'visits' AND indicator = outcome::text)),
  CHECK (age_groups IS NULL OR (indicator = 'visits' AND cardinality(age_groups) > 0)),
  -- One target per indicator, scope and period: importing the same sheet again updates it.
  CONSTRAINT targets_scope_unique UNIQUE NULLS NOT DISTINCT (indicator, age_groups, ward_code, team_id, start_day, deadline)
);

CREATE INDEX targets_ward_code ON targets (ward_code);

-- A team's outcomes: the outcome tiers of 0017 are per ward, not per kiosk. Per kiosk and city
-- day, in the ward where the events were recorded, like kiosk_daily_figures of 0006.
CREATE MATERIALIZED VIEW kiosk_daily_outcomes
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', occurred_at, 'Asia/Ho_Chi_Minh') AS bucket,
       kiosk_id,
       ward_code,
       count(*) FILTER (WHERE outcome = 'vneid_level2_activated')::bigint AS outcome_vneid_level2_activated,
       count(*) FILTER (WHERE outcome = 'smart_device_set_up')::bigint AS outcome_smart_device_set_up,
       count(*) FILTER (WHERE outcome = 'portal_account_created')::bigint AS outcome_portal_account_created,
       count(*) FILTER (WHERE outcome = 'portal_application_submitted')::bigint AS outcome_portal_application_submitted,
       count(*) FILTER (WHERE outcome = 'epayment_account_opened')::bigint AS outcome_epayment_account_opened,
       count(*) FILTER (WHERE outcome = 'social_security_linked')::bigint AS outcome_social_security_linked,
       count(*) FILTER (WHERE outcome = 'digital_citizen_app_installed')::bigint AS outcome_digital_citizen_app_installed,
       count(*) FILTER (WHERE outcome = 'bdhvs_certified')::bigint AS outcome_bdhvs_certified
FROM events
WHERE outcome IS NOT NULL
GROUP BY 1, kiosk_id, ward_code
WITH NO DATA;

SELECT add_continuous_aggregate_policy('kiosk_daily_outcomes',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day 2 hours',
  schedule_interval => INTERVAL '30 minutes');
