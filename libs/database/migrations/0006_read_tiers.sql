-- Narrow tiers for the dashboard's reads, built on the tiers of 0003. Those keep a row per
-- type, guide, age group and level (and kiosk, below the day): summing 90 days of them for the
-- whole city reads hundreds of thousands of rows. These keep one row per ward (or kiosk, or the
-- whole city) and bucket, with the figures the dashboard shows as columns, so a 90-day ward
-- comparison reads 168 x 90 rows.
--
-- The figure columns, the same in every *_figures tier:
--   reached_<age group>   visits started, by age group (none given counts as unknown)
--   completed_<guide>     guides completed, by guide
--   accounts_registered   accounts registered, both levels

-- Per ward and hour: a ward's heat map and hourly trend.
CREATE MATERIALIZED VIEW ward_hourly_figures
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket,
       ward_code,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = 'under_14'), 0)::bigint AS reached_under_14,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '14_15'), 0)::bigint AS reached_14_15,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '16_30'), 0)::bigint AS reached_16_30,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '31_44'), 0)::bigint AS reached_31_44,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '45_59'), 0)::bigint AS reached_45_59,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '60_64'), 0)::bigint AS reached_60_64,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '65_74'), 0)::bigint AS reached_65_74,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '75_plus'), 0)::bigint AS reached_75_plus,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND (age_group = 'unknown' OR age_group IS NULL)), 0)::bigint AS reached_unknown,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed' AND guide = 'vneid'), 0)::bigint AS completed_vneid,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed' AND guide = 'public_services'), 0)::bigint AS completed_public_services,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed' AND guide = 'procedure_lookup'), 0)::bigint AS completed_procedure_lookup,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed' AND guide = 'scam_awareness'), 0)::bigint AS completed_scam_awareness,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed' AND guide = 'other'), 0)::bigint AS completed_other,
       coalesce(sum(events) FILTER (WHERE type = 'account_registered'), 0)::bigint AS accounts_registered
FROM events_hourly
GROUP BY 1, ward_code
WITH NO DATA;

-- The whole city per hour: the city's heat map and hourly trend.
CREATE MATERIALIZED VIEW city_hourly_figures
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket,
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
FROM ward_hourly_figures
GROUP BY 1
WITH NO DATA;

-- Per ward and city day: the ward comparison, the summaries and the daily trend.
CREATE MATERIALIZED VIEW ward_daily_figures
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
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
FROM ward_hourly_figures
GROUP BY 1, ward_code
WITH NO DATA;

-- Per kiosk and city day, in the ward where the events were recorded: the kiosk drill-down.
CREATE MATERIALIZED VIEW kiosk_daily_figures
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       kiosk_id,
       ward_code,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = 'under_14'), 0)::bigint AS reached_under_14,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '14_15'), 0)::bigint AS reached_14_15,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '16_30'), 0)::bigint AS reached_16_30,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '31_44'), 0)::bigint AS reached_31_44,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '45_59'), 0)::bigint AS reached_45_59,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '60_64'), 0)::bigint AS reached_60_64,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '65_74'), 0)::bigint AS reached_65_74,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND age_group = '75_plus'), 0)::bigint AS reached_75_plus,
       coalesce(sum(events) FILTER (WHERE type = 'visit_started' AND (age_group = 'unknown' OR age_group IS NULL)), 0)::bigint AS reached_unknown,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed' AND guide = 'vneid'), 0)::bigint AS completed_vneid,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed' AND guide = 'public_services'), 0)::bigint AS completed_public_services,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed' AND guide = 'procedure_lookup'), 0)::bigint AS completed_procedure_lookup,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed' AND guide = 'scam_awareness'), 0)::bigint AS completed_scam_awareness,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed' AND guide = 'other'), 0)::bigint AS completed_other,
       coalesce(sum(events) FILTER (WHERE type = 'account_registered'), 0)::bigint AS accounts_registered
FROM events_hourly
GROUP BY 1, kiosk_id, ward_code
WITH NO DATA;

-- Guides per ward, city day and age group: the funnel of a ward.
CREATE MATERIALIZED VIEW ward_daily_guides
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       ward_code,
       guide,
       age_group,
       coalesce(sum(events) FILTER (WHERE type = 'guide_started'), 0)::bigint AS started,
       coalesce(sum(events) FILTER (WHERE type = 'guide_completed'), 0)::bigint AS completed,
       coalesce(sum(events) FILTER (WHERE type = 'guide_abandoned'), 0)::bigint AS abandoned
FROM events_daily
WHERE guide IS NOT NULL
GROUP BY 1, ward_code, guide, age_group
WITH NO DATA;

-- The same for the whole city.
CREATE MATERIALIZED VIEW city_daily_guides
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       guide,
       age_group,
       sum(started)::bigint AS started,
       sum(completed)::bigint AS completed,
       sum(abandoned)::bigint AS abandoned
FROM ward_daily_guides
GROUP BY 1, guide, age_group
WITH NO DATA;

-- How long completed guides took, as a histogram: percentiles cannot be added up across
-- buckets, but histograms can. Class c holds durations in [2^(c/8), 2^((c+1)/8)) ms: a class
-- spans an eighth of a doubling, so a percentile read from it is within about 9 % of the exact
-- one whatever the durations are.
CREATE MATERIALIZED VIEW ward_daily_durations
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', occurred_at, 'Asia/Ho_Chi_Minh') AS bucket,
       ward_code,
       guide,
       age_group,
       floor(ln(greatest(duration_ms, 1)) * 8 / ln(2))::smallint AS duration_class,
       count(*) AS completed
FROM events
WHERE type = 'guide_completed' AND duration_ms IS NOT NULL
GROUP BY 1, ward_code, guide, age_group, 5
WITH NO DATA;

CREATE MATERIALIZED VIEW city_daily_durations
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       guide,
       age_group,
       duration_class,
       sum(completed)::bigint AS completed
FROM ward_daily_durations
GROUP BY 1, guide, age_group, duration_class
WITH NO DATA;

-- Refresh policies as in 0003: each tier waits a few minutes past the close of its buckets so
-- the tiers below have materialized them by then.
SELECT add_continuous_aggregate_policy('ward_hourly_figures',
  start_offset => INTERVAL '32 days', end_offset => INTERVAL '1 hour 10 minutes',
  schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('city_hourly_figures',
  start_offset => INTERVAL '32 days', end_offset => INTERVAL '1 hour 15 minutes',
  schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('ward_daily_figures',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day 2 hours',
  schedule_interval => INTERVAL '30 minutes');
SELECT add_continuous_aggregate_policy('kiosk_daily_figures',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day 2 hours',
  schedule_interval => INTERVAL '30 minutes');
SELECT add_continuous_aggregate_policy('ward_daily_guides',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day 3 hours',
  schedule_interval => INTERVAL '30 minutes');
SELECT add_continuous_aggregate_policy('city_daily_guides',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day 4 hours',
  schedule_interval => INTERVAL '30 minutes');
SELECT add_continuous_aggregate_policy('ward_daily_durations',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day 2 hours',
  schedule_interval => INTERVAL '30 minutes');
SELECT add_continuous_aggregate_policy('city_daily_durations',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day 3 hours',
  schedule_interval => INTERVAL '30 minutes');
