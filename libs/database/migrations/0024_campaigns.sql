-- Kiosk days and campaigns (issue 17): a ward's event with some of its kiosks taking part, such
-- as the Ngày hội Đại đoàn kết of 9 November 2025 with its digital-transformation kiosks.
-- Ward staff record their own ward's; they are markers on the trend charts and the campaign
-- page compares their hours with the same kiosks' ordinary days.

CREATE TABLE campaigns (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  ward_code   text NOT NULL REFERENCES wards (code),
  -- Where in the ward, as people name it: "Khu phố 28".
  place       text CHECK (length(place) BETWEEN 1 AND 200),
  -- The campaign's hours are [starts_at, ends_at); a kiosk day is usually one city day.
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  -- Who recorded it (as the audit log names them) and when; the audit log keeps every change.
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);

-- A chart asks for the campaigns overlapping its range.
CREATE INDEX campaigns_ward_code_starts_at ON campaigns (ward_code, starts_at);
CREATE INDEX campaigns_starts_at ON campaigns (starts_at);

-- The kiosks taking part, all of the campaign's ward (the api checks it).
CREATE TABLE campaign_kiosks (
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  kiosk_id    uuid NOT NULL REFERENCES kiosks (id),
  PRIMARY KEY (campaign_id, kiosk_id)
);

CREATE INDEX campaign_kiosks_kiosk_id ON campaign_kiosks (kiosk_id);
