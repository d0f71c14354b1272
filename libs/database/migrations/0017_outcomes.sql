-- What a visit achieved, as the city counts it (Kế hoạch 31/KH-UBND of 2026 and "Bình dân học
-- vụ số"): one outcome_recorded event per outcome, with the outcome in a column of its own.
-- Outcomes are totals, like guides completed: they tell what was done, not who did it.
ALTER TYPE event_type ADD VALUE 'outcome_recorded';

CREATE TYPE outcome AS ENUM (
  'vneid_level2_activated',
  'smart_device_set_up',
  'portal_account_created',
  'portal_application_submitted',
  'epayment_account_opened',
  'social_security_linked',
  'digital_citizen_app_installed',
  'bdhvs_certified'
);

ALTER TABLE events ADD COLUMN outcome outcome;

-- Their own tiers, beside the *_figures ones of 0006 (which stay as they are): per ward and hour,
-- from the events themselves, and per ward and city day. Only rows with an outcome are read:
-- the new value of event_type cannot be used in the transaction that adds it.
CREATE MATERIALIZED VIEW ward_hourly_outcomes
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', occurred_at) AS bucket,
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
GROUP BY 1, ward_code
WITH NO DATA;

CREATE MATERIALIZED VIEW ward_daily_outcomes
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       ward_code,
       sum(outcome_vneid_level2_activated)::bigint AS outcome_vneid_level2_activated,
       sum(outcome_smart_device_set_up)::bigint AS outcome_smart_device_set_up,
       sum(outcome_portal_account_created)::bigint AS outcome_portal_account_created,
       sum(outcome_portal_application_submitted)::bigint AS outcome_portal_application_submitted,
       sum(outcome_epayment_account_opened)::bigint AS outcome_epayment_account_opened,
       sum(outcome_social_security_linked)::bigint AS outcome_social_security_linked,
       sum(outcome_digital_citizen_app_installed)::bigint AS outcome_digital_citizen_app_installed,
       sum(outcome_bdhvs_certified)::bigint AS outcome_bdhvs_certified
FROM ward_hourly_outcomes
GROUP BY 1, ward_code
WITH NO DATA;

-- The same windows and offsets as the figure tiers of 0006.
SELECT add_continuous_aggregate_policy('ward_hourly_outcomes',
  start_offset => INTERVAL '32 days', end_offset => INTERVAL '1 hour 10 minutes',
  schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('ward_daily_outcomes',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day 2 hours',
  schedule_interval => INTERVAL '30 minutes');
