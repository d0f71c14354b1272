import { figuresFromRows } from '../../apps/api/src/stats/figures';

describe('figuresFromRows', () => {
  it('is all zeros with every age group and guide present when nothing happened', () => {
    expect(figuresFromRows([])).toEqual({
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

  it('counts visits as people reached by age group, completed guides by guide, and both account levels', () => {
    const figures = figuresFromRows([
      { type: 'visit_started', guide: null, age_group: '60_64', events: 4 },
      { type: 'visit_started', guide: null, age_group: '75_plus', events: 2 },
      { type: 'visit_started', guide: null, age_group: null, events: 1 },
      { type: 'guide_completed', guide: 'vneid', age_group: null, events: 3 },
      { type: 'guide_completed', guide: 'vneid', age_group: '60_64', events: 1 },
      { type: 'guide_completed', guide: 'scam_awareness', age_group: null, events: 2 },
      { type: 'guide_started', guide: 'vneid', age_group: null, events: 9 },
      { type: 'account_registered', guide: null, age_group: null, events: 5 },
    ]);
    expect(figures.peopleReached).toBe(7);
    expect(figures.byAgeGroup).toMatchObject({ '60_64': 4, '75_plus': 2, unknown: 1, '16_30': 0 });
    expect(figures.guidesCompleted).toBe(6);
    expect(figures.byGuide).toMatchObject({ vneid: 4, scam_awareness: 2, other: 0 });
    expect(figures.accountsRegistered).toBe(5);
  });
});
