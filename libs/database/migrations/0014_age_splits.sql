-- Age splits as published (docs/privacy.md, issue 15). A period's (a city day's or week's) people
-- reached per ward and age group, and the city's funnel per guide and age group, are published
-- once, after the period has ended, and kept here unchanged: every age figure the API gives for a
-- range is a sum of these rows, so two ranges cannot be subtracted to isolate a few people, and an
-- event arriving after a period's publication changes its totals but never its split.
--
-- `rule` names the rule a period was published under, threshold and period ("5/week": the
-- signed-in default), so that a view with a stricter rule keeps its own publication. Only cells
-- that hold people or are hidden are stored: a missing cell is a shown zero.
CREATE TABLE age_split_periods (
  rule         text NOT NULL,
  -- The period's first city day.
  period_start date NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule, period_start)
);

CREATE TABLE age_split_cells (
  rule         text NOT NULL,
  period_start date NOT NULL,
  ward_code    text NOT NULL REFERENCES wards (code),
  age_group    age_group NOT NULL,
  people       integer NOT NULL CHECK (people >= 0),
  hidden       boolean NOT NULL,
  PRIMARY KEY (rule, ward_code, period_start, age_group),
  FOREIGN KEY (rule, period_start) REFERENCES age_split_periods (rule, period_start)
);

CREATE INDEX age_split_cells_period ON age_split_cells (rule, period_start);

-- The city's funnel: per guide, step and age group. A row (guide, step) is one line of the rule.
CREATE TABLE funnel_split_cells (
  rule         text NOT NULL,
  period_start date NOT NULL,
  guide        guide NOT NULL,
  step         text NOT NULL CHECK (step IN ('started', 'completed', 'abandoned')),
  age_group    age_group NOT NULL,
  people       integer NOT NULL CHECK (people >= 0),
  hidden       boolean NOT NULL,
  PRIMARY KEY (rule, period_start, guide, step, age_group),
  FOREIGN KEY (rule, period_start) REFERENCES age_split_periods (rule, period_start)
);
