import { AGE_GROUPS_60_PLUS, targetIndicatorName } from '@kiosk-pulse/contract';
import type { TargetProgress } from '@kiosk-pulse/contract';
import { targetLabel } from '../../apps/api/src/alerts/alert-evaluator';

describe('targetIndicatorName', () => {
  it('names all visits, and visits of 60+ or of other age groups, in each language', () => {
    expect(targetIndicatorName('visits', null, 'vi')).toBe('Lượt người được hỗ trợ');
    expect(targetIndicatorName('visits', null, 'en')).toBe('People helped (visits)');
    expect(targetIndicatorName('visits', [...AGE_GROUPS_60_PLUS], 'vi')).toBe(
      'Lượt người được hỗ trợ (60 tuổi trở lên)',
    );
    expect(targetIndicatorName('visits', [...AGE_GROUPS_60_PLUS], 'en')).toBe('People helped (visits): 60 and over');
    expect(targetIndicatorName('visits', ['60_64', '75_plus'], 'vi')).toBe('Lượt người được hỗ trợ (60–64, 75+)');
    expect(targetIndicatorName('visits', ['under_14'], 'en')).toBe('People helped (visits): Under 14');
  });

  it('names an outcome short on a screen and in full in a report', () => {
    expect(targetIndicatorName('vneid_level2_activated', null, 'vi')).toBe('Kích hoạt VNeID mức 2');
    expect(targetIndicatorName('vneid_level2_activated', null, 'vi', 'full')).toBe(
      'Kích hoạt tài khoản định danh điện tử mức 2',
    );
    expect(targetIndicatorName('epayment_account_opened', null, 'en', 'full')).toBe('E-payment account opened');
  });
});

describe('an alert’s target label', () => {
  it('says the age groups of an age-group target, not just "visits"', () => {
    const entry = {
      target: { indicator: 'visits', ageGroups: [...AGE_GROUPS_60_PLUS], deadline: '2026-12-31' },
    } as unknown as TargetProgress;
    expect(targetLabel(entry)).toBe('chỉ tiêu “Lượt người được hỗ trợ (60 tuổi trở lên)” đến 31/12/2026');
  });
});
