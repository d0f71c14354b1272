import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  targetIndicatorName,
  type BehindPaceParams,
  type SilentKioskParams,
  type SuddenDropParams,
  type TargetProgress,
} from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import type { Principal } from '../access/principal';
import { Mailer } from '../mail/mailer';
import { median } from '../stats/median';
import { TargetsService } from '../targets/targets.service';
import { cityClock, cityInstant, clockMinutes, hourStart, inCitySpan } from './alert-time';
import { AlertsRepository, type Finding, type StoredRule } from './alerts.repository';

export interface Evaluation {
  rules: number;
  opened: number;
  resolved: number;
  /** The pending deliveries written, for the queue to send. */
  deliveries: string[];
}

// Progress is read for every ward's targets, as the system itself: no person is behind it.
const SYSTEM: Principal = { actor: 'system:alerts', role: 'admin', wardCode: null, userId: null, ownerId: null };

const WEEK_MS = 7 * 86_400_000;

/**
 * Evaluates every enabled rule as of an instant (the scheduler's now; a test's chosen one): opens
 * an incident for each new finding and resolves each open one whose condition cleared, writing a
 * pending delivery per channel for each. A rule in its quiet hours is left alone: nothing opens,
 * clears or is sent for it until they end.
 */
@Injectable()
export class AlertEvaluator {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly targets: TargetsService,
    private readonly mailer: Mailer,
    @InjectPool() private readonly pool: Pool,
  ) {}

  async evaluate(now: Date): Promise<Evaluation> {
    const rules = (await this.alerts.listRules({ enabledOnly: true })).filter(
      (rule) => !rule.quietHours || !inCitySpan(now, rule.quietHours),
    );
    const findings = [
      ...(await this.silentKiosks(
        rules.filter((rule) => rule.kind === 'silent_kiosk'),
        now,
      )),
      ...(await this.behindPace(
        rules.filter((rule) => rule.kind === 'behind_pace'),
        now,
      )),
      ...(await this.suddenDrop(
        rules.filter((rule) => rule.kind === 'sudden_drop'),
        now,
      )),
    ];
    const found = new Set(findings.map((finding) => `${finding.rule.id}|${finding.subject}`));
    const open = await this.alerts.openIncidents(rules.map((rule) => rule.id));
    const openKeys = new Set(open.map((incident) => `${incident.ruleId}|${incident.subject}`));
    // A silent kiosk's incident ends when the kiosk speaks again, not when the ward closes: an
    // outage overnight is the same incident in the morning, not a second alert.
    const silentRules = new Set(rules.filter((rule) => rule.kind === 'silent_kiosk').map((rule) => rule.id));
    const over = new Set(await this.alerts.silenceOver([...silentRules]));
    const toResolve = open.filter((incident) =>
      silentRules.has(incident.ruleId) ? over.has(incident.id) : !found.has(`${incident.ruleId}|${incident.subject}`),
    );
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    const deliveries: string[] = [];
    let opened = 0;
    let resolved = 0;
    const toOpen = findings.filter(
      (finding) =>
        !openKeys.has(`${finding.rule.id}|${finding.subject}`) ||
        toResolve.some((incident) => incident.ruleId === finding.rule.id && incident.subject === finding.subject),
    );
    if (toResolve.length + toOpen.length === 0) return { rules: rules.length, opened, resolved, deliveries };
    // One transaction for the whole evaluation: a commit each would cost the embedded database a
    // write to disk per incident (a city's first evaluation opens hundreds).
    await transaction(this.pool, async (db) => {
      // Resolutions first: a kiosk that spoke and fell silent again is a new incident, opened below.
      for (const incident of toResolve) {
        const rule = byId.get(incident.ruleId) as StoredRule;
        const result = await this.alerts.resolve(incident.id, now, this.channels(rule), db);
        if (result.done) resolved++;
        deliveries.push(...result.deliveries);
      }
      for (const finding of toOpen) {
        // The unique index may refuse it: another process opened it a moment before.
        const result = await this.alerts.open(randomUUID(), finding, now, this.channels(finding.rule), db);
        if (result.done) opened++;
        deliveries.push(...result.deliveries);
      }
    });
    return { rules: rules.length, opened, resolved, deliveries };
  }

  /** Where a rule's messages go: e-mail when it names recipients and the server can send. */
  private channels(rule: StoredRule): ('email' | 'webhook')[] {
    const channels: ('email' | 'webhook')[] = [];
    if (rule.emailTo.length > 0 && this.mailer.enabled) channels.push('email');
    if (rule.webhookUrl) channels.push('webhook');
    return channels;
  }

  private async silentKiosks(rules: StoredRule[], now: Date): Promise<Finding[]> {
    const clock = cityClock(now);
    const asked = rules.map((rule) => {
      const params = rule.params as SilentKioskParams;
      const hours = params.openingHours;
      const open =
        hours.days.includes(clock.weekday) &&
        clock.minutes >= clockMinutes(hours.from) &&
        clock.minutes < clockMinutes(hours.to);
      return {
        ruleId: rule.id,
        wardCode: rule.wardCode,
        silentMinutes: params.silentMinutes,
        openedAt: open ? cityInstant(clock.day, hours.from) : null,
      };
    });
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    return (await this.alerts.silentKiosks(asked, now)).map((kiosk) => ({
      rule: byId.get(kiosk.ruleId) as StoredRule,
      subject: kiosk.kioskId,
      subjectLabel: kiosk.label,
      details: {
        kioskId: kiosk.kioskId,
        lastSeenAt: kiosk.lastSeenAt.toISOString(),
        silentSince: new Date(Math.max(kiosk.lastSeenAt.getTime(), kiosk.windowStart.getTime())).toISOString(),
        silentMinutes: (byId.get(kiosk.ruleId)?.params as SilentKioskParams).silentMinutes,
      },
    }));
  }

  /** The targets module's own progress: a ward target whose status is `behind` (one it could count). */
  private async behindPace(rules: StoredRule[], now: Date): Promise<Finding[]> {
    if (rules.length === 0) return [];
    const wards = new Set(rules.map((rule) => rule.wardCode));
    const report = await this.targets.progress(SYSTEM, {}, now.getTime());
    const behind = report.targets.filter(
      (entry) =>
        entry.status === 'behind' &&
        !entry.uncounted &&
        entry.target.wardCode !== null &&
        wards.has(entry.target.wardCode),
    );
    return rules.flatMap((rule) => {
      const targetId = (rule.params as BehindPaceParams).targetId;
      return behind
        .filter((entry) => entry.target.wardCode === rule.wardCode && (!targetId || entry.target.id === targetId))
        .map((entry) => ({ rule, subject: entry.target.id, subjectLabel: targetLabel(entry), details: paceOf(entry) }));
    });
  }

  /**
   * Visits of the last complete city hour against the median of the same hour of the weeks
   * before; only when that median is at least the rule's minimum.
   */
  private async suddenDrop(rules: StoredRule[], now: Date): Promise<Finding[]> {
    if (rules.length === 0) return [];
    const hour = new Date(hourStart(now).getTime() - 3_600_000);
    const maxWeeks = Math.max(...rules.map((rule) => (rule.params as SuddenDropParams).weeks));
    const hours = Array.from({ length: maxWeeks + 1 }, (_, week) => new Date(hour.getTime() - week * WEEK_MS));
    const visits = await this.alerts.wardHourVisits([...new Set(rules.map((rule) => rule.wardCode))], hours);
    const count = (ward: string, at: Date) => visits.get(`${ward}|${at.toISOString()}`) ?? 0;
    return rules.flatMap((rule) => {
      const params = rule.params as SuddenDropParams;
      const current = count(rule.wardCode, hour);
      const previous = hours.slice(1, params.weeks + 1).map((at) => count(rule.wardCode, at));
      const typical = median(previous) ?? 0;
      if (typical < params.minMedian || current >= (typical * params.dropPercent) / 100) return [];
      return [
        {
          rule,
          subject: 'visits',
          subjectLabel: 'Lượt sử dụng theo giờ',
          details: {
            hourStart: hour.toISOString(),
            visits: current,
            median: typical,
            previous,
            dropPercent: params.dropPercent,
            weeks: params.weeks,
          },
        },
      ];
    });
  }
}

/** How an alert names a target: what it counts, in the words the Chỉ tiêu page uses, and its deadline. */
export function targetLabel(entry: TargetProgress): string {
  const { indicator, ageGroups, deadline } = entry.target;
  // The name the Chỉ tiêu page and the reports give it: a 60+ target's alert says 60+.
  const what = targetIndicatorName(indicator, ageGroups, 'vi', 'full');
  return `chỉ tiêu “${what}” đến ${deadline.slice(8, 10)}/${deadline.slice(5, 7)}/${deadline.slice(0, 4)}`;
}

function paceOf(entry: TargetProgress): Record<string, unknown> {
  return {
    targetId: entry.target.id,
    indicator: entry.target.indicator,
    count: entry.count,
    target: entry.target.target,
    percent: entry.percent,
    neededPerDay: entry.neededPerDay,
    recentPerDay: entry.recentPace.perDay,
    deadline: entry.target.deadline,
    projectedDay: entry.projectedDay,
  };
}
