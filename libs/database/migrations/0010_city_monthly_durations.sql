-- The city's funnel sums a duration histogram per guide, age group and class; over 90 days
-- that is about 110,000 daily rows to sort and add up (64 ms p95 over 10 million events). A
-- monthly tier on the daily one lets whole city months be read as one row per class, and only
-- the days at either end of a range from the daily tier.
CREATE MATERIALIZED VIEW city_monthly_durations
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 month', bucket, 'Asia/Ho_Chi_Minh') AS bucket,
       guide,
       age_group,
       duration_class,
       sum(completed)::bigint AS completed
FROM city_daily_durations
GROUP BY 1, guide, age_group, duration_class
WITH NO DATA;

SELECT add_continuous_aggregate_policy('city_monthly_durations',
  start_offset => INTERVAL '3 months', end_offset => INTERVAL '1 day',
  schedule_interval => INTERVAL '1 hour');
