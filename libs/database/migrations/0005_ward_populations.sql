-- Residents of each ward, as far as an admin has filled them in, for rates per 10,000.
-- A rate is shown only where this row exists; raw counts are always shown beside it.
CREATE TABLE ward_populations (
  ward_code          text PRIMARY KEY REFERENCES wards (code),
  population         integer NOT NULL CHECK (population > 0),
  population_60_plus integer CHECK (population_60_plus >= 0 AND population_60_plus <= population),
  -- Where the figure comes from (census, ward report …) and the date it describes.
  source             text NOT NULL,
  as_of              date NOT NULL,
  updated_by         text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
