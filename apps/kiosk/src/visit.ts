import {
  OUTCOME_LABELS,
  type AccountLevel,
  type AgeGroup,
  type Guide,
  type HelperRole,
  type Outcome,
} from '@kiosk-pulse/contract';
import type { TrackInput } from '@kiosk-pulse/kiosk-client';
import type { AssistingRole } from './device';
import { language, t } from './i18n';

/** One resident's visit, as the volunteer fills it in: nothing is recorded until Done. */
export interface Visit {
  ageGroup?: AgeGroup;
  guides: Set<Guide>;
  /** The VNeID account's level reached in the visit: registered (1) or activated (2). */
  account?: AccountLevel;
  /** The city's outcomes reached, but VNeID level 2: that one is the account toggle's. */
  outcomes: Set<Outcome>;
}

export const newVisit = (): Visit => ({ guides: new Set(), outcomes: new Set() });

/**
 * The events of a finished visit. Each guide done with the volunteer is a guide started and
 * completed (the funnel's completion rate reads both); in assisted mode the guide's duration is
 * not known apart from the visit's, so none is sent. All are dated at Done: the server takes an
 * event back only within UNDO_WINDOW_MS of its date, and the volunteer's two minutes to undo
 * start at Done, however long the resident was helped.
 */
export function visitEvents(
  visit: Visit & { ageGroup: AgeGroup },
  helperRole: AssistingRole,
  doneAt = new Date(),
): TrackInput[] {
  const about = { ageGroup: visit.ageGroup, helperRole };
  const events: TrackInput[] = [{ type: 'visit_started', occurredAt: doneAt, ...about }];
  for (const guide of visit.guides) {
    events.push({ type: 'guide_started', guide, occurredAt: doneAt, ...about });
    events.push({ type: 'guide_completed', guide, occurredAt: doneAt, ...about });
  }
  if (visit.account !== undefined) {
    events.push({ type: 'account_registered', level: visit.account, occurredAt: doneAt, ...about });
  }
  // The city counts an account once activated at level 2; account_registered stays for the funnel.
  const outcomes = new Set(visit.outcomes);
  if (visit.account === 2) outcomes.add('vneid_level2_activated');
  for (const outcome of outcomes) events.push({ type: 'outcome_recorded', outcome, occurredAt: doneAt, ...about });
  return events;
}

export const ageGroupLabel = (group: AgeGroup): string =>
  ({
    under_14: t('Dưới 14'),
    '14_15': '14–15',
    '16_30': '16–30',
    '31_44': '31–44',
    '45_59': '45–59',
    '60_64': '60–64',
    '65_74': '65–74',
    '75_plus': t('75 trở lên'),
    unknown: t('Không rõ'),
  })[group];

export const guideLabel = (guide: Guide): string => {
  switch (guide) {
    case 'vneid':
      return 'VNeID';
    case 'public_services':
      return t('Dịch vụ công trực tuyến');
    case 'procedure_lookup':
      return t('Tra cứu thủ tục');
    case 'scam_awareness':
      return t('Nhận diện lừa đảo');
    case 'other':
      return t('Việc khác');
  }
};

/** The outcome as the dashboard and the CSV name it (the contract's labels). */
export const outcomeLabel = (outcome: Outcome): string => OUTCOME_LABELS[outcome][language()];

// A role new to the contract shows by its name until it is given a label here.
export const roleLabel = (role: HelperRole): string =>
  (
    ({
      self_service: t('Người dân tự dùng (tự phục vụ)'),
      youth_volunteer: t('Đoàn viên, tình nguyện viên'),
      police: t('Công an'),
      ward_staff: t('Cán bộ phường, xã'),
      community_digital_team: t('Tổ công nghệ số cộng đồng'),
    }) as Partial<Record<string, string>>
  )[role] ?? role;
