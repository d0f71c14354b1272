-- Counts the dashboard reads. Hourly per kiosk from the raw events; daily per ward (city days,
-- Asia/Ho_Chi_Minh) on top of the hourly. Real-time aggregation is on (materialized_only = false)
-- so events newer than the last refresh show at once.
CREATE MATERIALIZED VIEW events_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', occurred_at) AS bucket,
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

-- The windows reach past the 30-day late-event limit; the end offsets keep the open bucket
-- unmaterialized, so rows still arriving for it show through real-time aggregation.
SELECT add_continuous_aggregate_policy('events_hourly',
  start_offset => INTERVAL '32 days', end_offset => INTERVAL '1 hour',
  schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('events_daily',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day',
  schedule_interval => INTERVAL '30 minutes');
