import { AggregateRefresher } from '../../libs/ingest-writer/src/aggregate-refresher';

describe('which written events need a refresh of the aggregates', () => {
  const now = Date.parse('2026-12-07T03:00:20Z');
  const at = (iso: string) => new Date(iso);

  it('none for events of the open minute or of the minute before it: real-time aggregation shows them', () => {
    expect(AggregateRefresher.belowWatermark([at('2026-12-07T03:00:19Z'), at('2026-12-07T02:59:00Z')], now)).toBe(
      undefined,
    );
  });

  it('from the earliest event older than that', () => {
    const late = [at('2026-12-07T02:58:59.999Z'), at('2026-12-07T01:10:00Z'), at('2026-12-07T03:00:00Z')];
    expect(AggregateRefresher.belowWatermark(late, now)).toEqual(at('2026-12-07T01:10:00Z'));
  });
});
