import { figuresFromColumns } from '../../apps/api/src/stats/figures';

describe('figuresFromColumns', () => {
  it('is all zeros with every age group and guide present when there is no row', () => {
    expect(figuresFromColumns(undefined)).toEqual({
      guidesCompleted: 0,
      accountsRegistered: 0,
      peopleReached: 0,
      byAgeGroup: {
        under_14: 0,
        '14_15': 0,
        '16_30': 0,
        '31_44': 0,
        '45_59': 0,
        '60_64': 0,
        '65_74': 0,
        '75_plus': 0,
        unknown: 0,
      },
      byGuide: { vneid: 0, public_services: 0, procedure_lookup: 0, scam_awareness: 0, other: 0 },
    });
  });

  it('adds people reached up from the age groups and guides completed from the guides', () => {
    const figures = figuresFromColumns({
      reached_60_64: 4,
      reached_75_plus: 2,
      reached_unknown: 1,
      completed_vneid: 4,
      completed_scam_awareness: 2,
      accounts_registered: 5,
    });
    expect(figures.peopleReached).toBe(7);
    expect(figures.byAgeGroup).toMatchObject({ '60_64': 4, '75_plus': 2, unknown: 1, '16_30': 0 });
    expect(figures.guidesCompleted).toBe(6);
    expect(figures.byGuide).toMatchObject({ vneid: 4, scam_awareness: 2, other: 0 });
    expect(figures.accountsRegistered).toBe(5);
  });
});
