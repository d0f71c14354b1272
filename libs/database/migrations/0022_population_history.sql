-- Populations with their history. ward_populations keeps every residents' figure of a ward, one
-- per date it describes (as_of), instead of one per ward: each is used for the dates from its
-- as_of until the next one's (and, before the oldest, the oldest). The 60+ figure entered beside
-- it shares its source and date, as before.
ALTER TABLE ward_populations DROP CONSTRAINT ward_populations_pkey;
ALTER TABLE ward_populations ADD PRIMARY KEY (ward_code, as_of);
-- No figure is an estimate unless the admin who entered it says so.
ALTER TABLE ward_populations
  ADD COLUMN estimate                    boolean NOT NULL DEFAULT false,
  ADD COLUMN population_60_plus_estimate boolean NOT NULL DEFAULT false;

-- Groups with no official per-ward figure (adults 18+, people 60+), entered by admins with their
-- own source and date, estimates unless said otherwise; the same history rule.
CREATE TYPE population_group AS ENUM ('adults_18_plus', 'aged_60_plus');

CREATE TABLE group_populations (
  ward_code        text NOT NULL REFERENCES wards (code),
  population_group population_group NOT NULL,
  as_of            date NOT NULL,
  population       integer NOT NULL CHECK (population > 0),
  estimate         boolean NOT NULL DEFAULT true,
  source           text NOT NULL,
  updated_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ward_code, population_group, as_of)
);

-- Reference data shipped with Kiosk Pulse and loaded once into this database (the wards'
-- populations of libs/database/seed): a figure an admin removed stays removed at the next start.
CREATE TABLE shipped_datasets (
  name      text PRIMARY KEY,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
