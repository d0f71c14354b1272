import type { Target } from '@kiosk-pulse/contract';
import { csvRows, readTargetRows } from '../../apps/api/src/targets/target-import';
import { daysBetween, rankTargets, rankingIds, targetProgress } from '../../apps/api/src/targets/target-progress';

const target = (fields: Partial<Target> = {}): Target => ({
  id: 't',
  indicator: 'visits',
  ageGroups: null,
  wardCode: '26740',
  teamId: null,
  target: 100,
  startDay: '2026-04-01',
  deadline: '2026-06-30',
  note: null,
  setBy: 'admin-token',
  setAt: '2026-03-01T00:00:00.000Z',
  ...fields,
});

describe('a target’s progress, in city days', () => {
  it('counts the days left from today, today included, and projects at the last 7 days’ pace', () => {
    // 30 of 100 on 21 June: 70 to go over 21..30 June (10 days); 14 in the 7 days before is 2 a day,
    // so 35 days from today: 25 July.
    expect(targetProgress(target(), '2026-06-21', 30, 14)).toEqual({
      target: target(),
      count: 30,
      percent: 30,
      remaining: 70,
      daysLeft: 10,
      neededPerDay: 7,
      recentPace: { from: '2026-06-14', to: '2026-06-20', perDay: 2 },
      projectedDay: '2026-07-25',
      status: 'behind',
    });
    // 70 to go at 70 a day: reached today.
    expect(targetProgress(target(), '2026-06-21', 30, 490)).toMatchObject({
      projectedDay: '2026-06-21',
      status: 'on_track',
    });
  });

  it('projects in whole numbers: a pace of 8 in 7 days covers 32 in exactly 28 days', () => {
    expect(targetProgress(target({ target: 40 }), '2026-05-01', 8, 8).projectedDay).toBe('2026-05-28');
  });

  it('says met, missed, not started, and no projection at no pace', () => {
    expect(targetProgress(target(), '2026-05-01', 120, 0)).toMatchObject({
      percent: 120,
      remaining: 0,
      neededPerDay: 0,
      projectedDay: null,
      status: 'met',
    });
    expect(targetProgress(target(), '2026-07-01', 99, 7)).toMatchObject({
      daysLeft: 0,
      neededPerDay: null,
      status: 'missed',
    });
    // Before the start: the days left are the target's own, the projection counts from its start.
    expect(targetProgress(target(), '2026-03-25', 0, 7)).toMatchObject({
      daysLeft: 91,
      neededPerDay: 1.1,
      projectedDay: '2026-07-09',
      status: 'not_started',
    });
    expect(targetProgress(target(), '2026-06-01', 10, 0)).toMatchObject({ projectedDay: null, status: 'behind' });
    // The deadline day itself still has a day left.
    expect(targetProgress(target(), '2026-06-30', 90, 0)).toMatchObject({ daysLeft: 1, neededPerDay: 10 });
  });

  it('counts days across months and years', () => {
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
  });

  it('ranks wards by percent (equal percents share a rank), with the median and the city’s target', () => {
    const progress = [
      targetProgress(target({ id: 'a', wardCode: '00001' }), '2026-05-01', 10, 0),
      targetProgress(target({ id: 'b', wardCode: '00002' }), '2026-05-01', 50, 0),
      targetProgress(target({ id: 'c', wardCode: '00003' }), '2026-05-01', 50, 0),
      targetProgress(target({ id: 'city', wardCode: null, target: 1000 }), '2026-05-01', 110, 0),
      // Another period: a ranking of its own.
      targetProgress(target({ id: 'd', wardCode: '00001', deadline: '2026-09-30' }), '2026-05-01', 5, 0),
      // A team's target is not a ward's.
      targetProgress(target({ id: 'e', wardCode: '00001', teamId: 'x' }), '2026-05-01', 99, 0),
    ];
    const names = new Map([['00001', 'Một']]);
    const [first, second] = rankTargets(progress, names, '00001');
    expect(first.wards.map((entry) => [entry.target.id, entry.rank, entry.wardName])).toEqual([
      ['a', 3, 'Một'],
      ['b', 1, '00002'],
      ['c', 1, '00003'],
    ]);
    expect(first.medianPercent).toBe(50);
    expect(first.city?.target.id).toBe('city');
    expect(second).toMatchObject({ deadline: '2026-09-30', medianPercent: 5, city: null });
  });

  it('names the ranked targets by id only, as the API answers', () => {
    const progress = [
      targetProgress(target({ id: 'a', wardCode: '00001' }), '2026-06-21', 10, 0),
      targetProgress(target({ id: 'b', wardCode: '00002' }), '2026-06-21', 30, 0),
      targetProgress(target({ id: 'city', wardCode: null, target: 1000 }), '2026-06-21', 40, 0),
    ];
    const [ranking] = rankTargets(progress, new Map([['00002', 'Hai']]), null).map(rankingIds);
    expect(ranking).toEqual({
      indicator: 'visits',
      ageGroups: null,
      startDay: '2026-04-01',
      deadline: '2026-06-30',
      wards: [
        { targetId: 'b', wardCode: '00002', wardName: 'Hai', rank: 1 },
        { targetId: 'a', wardCode: '00001', wardName: '00001', rank: 2 },
      ],
      medianPercent: 20,
      cityTargetId: 'city',
    });
  });
});

describe('reading the city’s spreadsheet', () => {
  const known = { wards: new Set(['26740', '00004']), teams: [] };

  it('takes a semicolon-separated file with a BOM, and puts back a ward code’s leading zeros', () => {
    const file = Buffer.from('\ufeffChỉ số;Mã phường;Chỉ tiêu;Bắt đầu;Hạn\nvisits;00004;1 200;1/4/2026;30/6/2026\n');
    expect(readTargetRows(csvRows(file), known)).toEqual({
      errors: [],
      rows: [
        {
          row: 2,
          fields: {
            indicator: 'visits',
            ageGroups: null,
            wardCode: '00004',
            teamId: null,
            target: 1200,
            startDay: '2026-04-01',
            deadline: '2026-06-30',
            note: null,
          },
        },
      ],
    });
  });

  it('numbers rows as the spreadsheet does, empty lines included', () => {
    const file = Buffer.from('indicator,target,start_day,deadline\n\nvisits,1.5,2026-01-01,2026-01-31\n');
    expect(readTargetRows(csvRows(file), known).errors).toEqual([
      { row: 3, column: 'target', message: '"1.5" is not a whole number above 0' },
    ]);
  });

  it('refuses a file with a header only', () => {
    expect(readTargetRows(csvRows(Buffer.from('indicator,target,start_day,deadline\n')), known).errors).toEqual([
      { row: 2, column: '', message: 'the file has no target rows' },
    ]);
  });
});
