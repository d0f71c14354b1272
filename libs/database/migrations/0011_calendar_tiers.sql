-- Over 90 days the kiosk figures still summed about 45,000 daily rows (504 kiosks x 90 days)
-- and the city funnel's durations about 38,000, with the monthly tier's real-time branch
-- recomputing its open month on every read: 55 and 72 ms p95 over 10 million events. Weekly
-- tiers now sit between the daily and monthly ones, so a range reads whole months, then whole
-- weeks, and only the days at its edges from the daily tier.
--
-- The weekly and monthly tiers are materialized only: the repository reads from them only the
-- weeks and months they already hold (stats/calendar-spans.ts), and everything after those from
-- the daily tier, which stays real-time. They never pay for a real-time branch.

ALTER MATERIALIZED VIEW city_monthly_durations SET (timescaledb.materialized_only = true);

CREATE MATERIALIZED VIEW city_weekly_durations
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 week', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       guide,
       age_group,
       duration_class,
       sum(completed)::bigint AS completed
FROM city_daily_durations
GROUP BY 1, guide, age_group, duration_class
WITH NO DATA;

CREATE MATERIALIZED VIEW kiosk_weekly_figures
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 week', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       kiosk_id,
       ward_code,
       sum(reached_under_14)::bigint AS reached_under_14,
       sum(reached_14_15)::bigint AS reached_14_15,
       sum(reached_16_30)::bigint AS reached_16_30,
       sum(reached_31_44)::bigint AS reached_31_44,
       sum(reached_45_59)::bigint AS reached_45_59,
       sum(reached_60_64)::bigint AS reached_60_64,
       sum(reached_65_74)::bigint AS reached_65_74,
       sum(reached_75_plus)::bigint AS reached_75_plus,
       sum(reached_unknown)::bigint AS reached_unknown,
       sum(completed_vneid)::bigint AS completed_vneid,
       sum(completed_public_services)::bigint AS completed_public_services,
       sum(completed_procedure_lookup)::bigint AS completed_procedure_lookup,
       sum(completed_scam_awareness)::bigint AS completed_scam_awareness,
       sum(completed_other)::bigint AS completed_other,
       sum(accounts_registered)::bigint AS accounts_registered
FROM kiosk_daily_figures
GROUP BY 1, kiosk_id, ward_code
WITH NO DATA;

CREATE MATERIALIZED VIEW kiosk_monthly_figures
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 month', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       kiosk_id,
       ward_code,
       sum(reached_under_14)::bigint AS reached_under_14,
       sum(reached_14_15)::bigint AS reached_14_15,
       sum(reached_16_30)::bigint AS reached_16_30,
       sum(reached_31_44)::bigint AS reached_31_44,
       sum(reached_45_59)::bigint AS reached_45_59,
       sum(reached_60_64)::bigint AS reached_60_64,
       sum(reached_65_74)::bigint AS reached_65_74,
       sum(reached_75_plus)::bigint AS reached_75_plus,
       sum(reached_unknown)::bigint AS reached_unknown,
       sum(completed_vneid)::bigint AS completed_vneid,
       sum(completed_public_services)::bigint AS completed_public_services,
       sum(completed_procedure_lookup)::bigint AS completed_procedure_lookup,
       sum(completed_scam_awareness)::bigint AS completed_scam_awareness,
       sum(completed_other)::bigint AS completed_other,
       sum(accounts_registered)::bigint AS accounts_registered
FROM kiosk_daily_figures
GROUP BY 1, kiosk_id, ward_code
WITH NO DATA;

-- A week or month is materialized a day after it closes (the daily tier under it, at 03:00).
SELECT add_continuous_aggregate_policy('city_weekly_durations',
  start_offset => INTERVAL '6 weeks', end_offset => INTERVAL '1 day',
  schedule_interval => INTERVAL '1 hour');
SELECT add_continuous_aggregate_policy('kiosk_weekly_figures',
  start_offset => INTERVAL '6 weeks', end_offset => INTERVAL '1 day',
  schedule_interval => INTERVAL '1 hour');
SELECT add_continuous_aggregate_policy('kiosk_monthly_figures',
  start_offset => INTERVAL '3 months', end_offset => INTERVAL '1 day',
  schedule_interval => INTERVAL '1 hour');
