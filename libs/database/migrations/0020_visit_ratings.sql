-- A resident's one-tap "Hài lòng?" at the end of a visit (1 not satisfied, 2 so-so, 3 satisfied),
-- anonymous: one visit_rated event with the answer in a column of its own, counted per ward in
-- tiers like the outcomes' of 0017.
ALTER TYPE event_type ADD VALUE 'visit_rated';

ALTER TABLE events ADD COLUMN rating smallint CHECK (rating BETWEEN 1 AND 3);

CREATE MATERIALIZED VIEW ward_hourly_ratings
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', occurred_at) AS bucket,
       ward_code,
       count(*) FILTER (WHERE rating = 1)::bigint AS rating_1,
       count(*) FILTER (WHERE rating = 2)::bigint AS rating_2,
       count(*) FILTER (WHERE rating = 3)::bigint AS rating_3
FROM events
WHERE rating IS NOT NULL
GROUP BY 1, ward_code
WITH NO DATA;

CREATE MATERIALIZED VIEW ward_daily_ratings
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       ward_code,
       sum(rating_1)::bigint AS rating_1,
       sum(rating_2)::bigint AS rating_2,
       sum(rating_3)::bigint AS rating_3
FROM ward_hourly_ratings
GROUP BY 1, ward_code
WITH NO DATA;

SELECT add_continuous_aggregate_policy('ward_hourly_ratings',
  start_offset => INTERVAL '32 days', end_offset => INTERVAL '1 hour 10 minutes',
  schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('ward_daily_ratings',
  start_offset => INTERVAL '33 days', end_offset => INTERVAL '1 day 2 hours',
  schedule_interval => INTERVAL '30 minutes');
