-- Counts the dashboard reads, in three tiers: per minute and per hour (per kiosk), and per city
-- day (per ward, days in Asia/Ho_Chi_Minh), each built on the one below. Real-time aggregation
-- is on (materialized_only = false) so events newer than the last refresh show at once.
--
-- The minute tier keeps live reads cheap: only the current minute's raw events are aggregated
-- on the fly, not the whole current hour's. Open buckets are never materialized (see the end
-- offsets), since rows still arriving for a materialized bucket would not show.
CREATE MATERIALIZED VIEW events_minutely
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 minute', occurred_at) AS bucket,
       ward_code,
       kiosk_id,
       type,
       guide,
       age_group,
       level,
       count(*) AS events
FROM events
GROUP BY bucket, ward_code, kiosk_id, type, guide, age_group, level
WITH NO DATA;

CREATE MATERIALIZED VIEW events_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket,
       ward_code,
       kiosk_id,
       type,
       guide,
       age_group,
       level,
       sum(events)::bigint AS events
FROM events_minutely
GROUP BY 1, ward_code, kiosk_id, type, guide, age_group, level
WITH NO DATA;

CREATE MATERIALIZED VIEW events_daily
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       ward_code,
       type,
       guide,
       age_group,
       level,
       sum(events)::bigint AS events
FROM events_hourly
GROUP BY 1, ward_code, type, guide, age_group, level
WITH NO DATA;

-- The windows reach past the 30-day late-event limit. Each tier waits a few minutes past the
-- close of its buckets so the tier below has materialized them by then.
SELECT add_continuous_aggregate_policy('events_minutely',
  start_offset => INTERVAL '32 days', end_offset => INTERVAL '1 minute',
  schedule_interval => INTERVAL '30 seconds');
SELECT add_continuous_aggregate_policy('events_hourly',
  start_offset => INTERVAL '32 days', end_offset => INTERVAL '1 hour 5 minutes',
  schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('events_daily',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day 2 hours',
  schedule_interval => INTERVAL '30 minutes');
