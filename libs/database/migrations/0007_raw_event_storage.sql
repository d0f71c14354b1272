-- Raw events are read rarely once their aggregates are materialized: compress their chunks,
-- segmented by ward (the usual filter) and ordered by time. Late events (up to 30 days) still
-- go into compressed chunks, and the unique (id, occurred_at) index still turns a resend away.
-- How soon chunks are compressed and how long raw events are kept are settings the app
-- applies at start (see storage-policies.ts); aggregates are kept either way.
ALTER TABLE events SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'ward_code',
  timescaledb.compress_orderby = 'occurred_at DESC'
);
