import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import {
  TARGET_COUNT_BASIS,
  TARGET_COUNT_NOTE,
  TEAM_AGE_GROUPS_UNCOUNTED,
  addCityDays,
  cityDay,
  sumAgeCounts,
  type AgeCount,
  type Target,
  type AgeGroup,
  type TargetImportError,
  type TargetImportResult,
  type TargetIndicator,
  type TargetProgress,
  type TargetProgressReport,
  type Team,
} from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { assertWritesCityWide, readableRecord, readableWards, type Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { AgeSplitService } from '../privacy/age-split.service';
import { WardAccess } from '../wards/ward-code';
import { targetProblems, type TargetFields } from './target.schema';
import { PACE_DAYS, daysBetween, paceDays, rankTargets, rankingIds, targetProgress } from './target-progress';
import { TargetsRepository, type Counts } from './targets.repository';

/** Who may set targets and teams: admins and city officials; ward staff read them. */
export function assertSetsTargets(principal: Principal): void {
  assertWritesCityWide(principal, 'targets are set by admins and city officials; ward staff read them');
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** Some age groups' count as the age splits publish it, and the periods it covers (`to` excluded; null: none). */
export interface PublishedAgeCount {
  count: AgeCount;
  from: string | null;
  to: string | null;
}

/** Some age groups' published count of a ward or (null) the city over the city days [from, to). */
type SplitReader = (
  ageGroups: readonly AgeGroup[],
  wardCode: string | null,
  from: string,
  to: string,
) => Promise<PublishedAgeCount>;

@Injectable()
export class TargetsService {
  constructor(
    private readonly targets: TargetsRepository,
    private readonly wards: WardAccess,
    private readonly audit: AuditLog,
    private readonly ageSplits: AgeSplitService,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** A target the principal may read; one outside their scope is not found, like an unknown id. */
  async readable(id: string, principal: Principal): Promise<Target> {
    return readableRecord(await this.targets.find(id), principal, `no target ${id}`);
  }

  /**
   * The fields with the team's ward settled, checked against the wards and teams there are:
   * each problem with the field it is on. A team's target is of the team's ward (or the city).
   */
  async settle(fields: TargetFields, db: Pool | PoolClient = this.pool): Promise<{ field: string; message: string }[]> {
    const problems: { field: string; message: string }[] = targetProblems(fields);
    if (fields.wardCode !== null && !(await this.targets.wardCodes(db)).has(fields.wardCode))
      problems.push({ field: 'wardCode', message: `unknown ward ${fields.wardCode}` });
    if (fields.teamId !== null) {
      const team = await this.targets.team(fields.teamId, db);
      if (!team) problems.push({ field: 'teamId', message: `no team ${fields.teamId}` });
      else if (fields.wardCode !== null && fields.wardCode !== team.wardCode)
        problems.push({
          field: 'wardCode',
          message: `the team ${team.name} is of ${team.wardCode ?? 'the city'}; its targets are too`,
        });
      else fields.wardCode = team.wardCode;
    }
    return problems;
  }

  async create(fields: TargetFields, principal: Principal): Promise<Target> {
    assertSetsTargets(principal);
    const problems = await this.settle(fields);
    if (problems.length > 0)
      throw new BadRequestException(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
    try {
      return await transaction(this.pool, async (db) => {
        const made = await this.targets.create(randomUUID(), fields, principal.actor, db);
        await this.audit.record(principal, 'target.create', { type: 'target', id: made.id }, { ...fields }, db);
        return made;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictException('a target of this indicator, scope and period exists already: change it instead');
      throw error;
    }
  }

  async update(
    id: string,
    change: { target?: number; startDay?: string; deadline?: string; note?: string | null },
    principal: Principal,
  ): Promise<Target> {
    assertSetsTargets(principal);
    const before = await this.readable(id, principal);
    const after = { ...before, ...change };
    if (after.deadline < after.startDay)
      throw new BadRequestException(`deadline: the deadline ${after.deadline} is before the start ${after.startDay}`);
    try {
      return await transaction(this.pool, async (db) => {
        const changed = await this.targets.update(id, change, principal.actor, db);
        await this.audit.record(
          principal,
          'target.update',
          { type: 'target', id },
          {
            from: { target: before.target, startDay: before.startDay, deadline: before.deadline, note: before.note },
            to: { target: changed.target, startDay: changed.startDay, deadline: changed.deadline, note: changed.note },
          },
          db,
        );
        return changed;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictException('a target of this indicator, scope and period exists already');
      throw error;
    }
  }

  async delete(id: string, principal: Principal): Promise<void> {
    assertSetsTargets(principal);
    const target = await this.readable(id, principal);
    await transaction(this.pool, async (db) => {
      await this.targets.delete(id, db);
      await this.audit.record(principal, 'target.delete', { type: 'target', id }, { ...target }, db);
    });
  }

  /**
   * Writes every row of an import in one transaction, each new target created and each of an
   * existing scope and period updated; any problem (a row's, or one found against the database)
   * refuses the whole file, with every error listed.
   */
  async import(
    rows: { row: number; fields: TargetFields }[],
    file: { name: string | null; format: 'csv' | 'xlsx' },
    principal: Principal,
  ): Promise<TargetImportResult> {
    assertSetsTargets(principal);
    return transaction(this.pool, async (db) => {
      const errors: TargetImportError[] = [];
      for (const { row, fields } of rows)
        for (const problem of await this.settle(fields, db))
          errors.push({ row, column: IMPORT_COLUMN[problem.field] ?? problem.field, message: problem.message });
      if (errors.length > 0) throw importRefusal(errors);
      const written: Target[] = [];
      let created = 0;
      for (const { fields } of rows) {
        const result = await this.targets.upsert(randomUUID(), fields, principal.actor, db);
        written.push(result.target);
        if (result.created) created++;
      }
      await this.audit.record(
        principal,
        'target.import',
        { type: 'target', id: 'import' },
        { file: file.name, format: file.format, rows: rows.length, created, updated: rows.length - created },
        db,
      );
      return { created, updated: rows.length - created, targets: written };
    });
  }

  /** Progress of every target in the principal's scope on today's city day, with the wards ranked. */
  async progress(
    principal: Principal,
    filter: { wardCode?: string; indicator?: TargetIndicator },
    now = Date.now(),
  ): Promise<TargetProgressReport> {
    await this.wards.require(filter.wardCode, principal);
    const today = cityDay(now);
    const own = readableWards(principal);
    // Ward staff read their own ward's and the city's targets, and the other wards' only as the
    // ranking's comparison figures.
    const all = await this.targets.list({ indicator: filter.indicator });
    const progress = await this.measure(all, today);
    const inScope = (target: Target) =>
      target.wardCode === null ||
      ((!own || own.includes(target.wardCode)) && (!filter.wardCode || target.wardCode === filter.wardCode));
    const ownFirst = (a: TargetProgress, b: TargetProgress) =>
      Number(b.target.wardCode !== null) - Number(a.target.wardCode !== null);
    const comparable = progress.filter((entry) => entry.target.teamId === null || inScope(entry.target));
    const rankings = rankTargets(comparable, await this.targets.wardNames(), principal.wardCode).map(rankingIds);
    const targets = progress.filter((entry) => inScope(entry.target)).sort(own ? ownFirst : () => 0);
    // Each target's progress once: a ranked one outside the scope is told in `compared`.
    const told = new Set(targets.map((entry) => entry.target.id));
    const ranked = new Set(rankings.flatMap((ranking) => ranking.wards.map((ward) => ward.targetId)));
    return {
      asOf: today,
      countBasis: TARGET_COUNT_BASIS,
      countNote: { ...TARGET_COUNT_NOTE },
      targets,
      compared: progress.filter((entry) => ranked.has(entry.target.id) && !told.has(entry.target.id)),
      rankings,
    };
  }

  /** The city's own targets (wardCode null) or one ward's, teams' left out: what a public view of that scope shows. */
  async scopeTargets(wardCode: string | null): Promise<Target[]> {
    const listed = await this.targets.list({ wards: wardCode === null ? [] : [wardCode] });
    return listed.filter((target) => target.teamId === null && target.wardCode === wardCode);
  }

  /** The targets' progress on today's city day (the public view's own rule is its own to apply). */
  progressOf(targets: Target[], now = Date.now()): Promise<TargetProgress[]> {
    return this.measure(targets, cityDay(now));
  }

  /**
   * An age-group target's count so far (its start day to today, or to its deadline if past) as
   * the age splits publish it (docs/privacy.md) under `threshold` (the signed-in one unless
   * given: the public view gives its own): the sum of the published periods its days touch, a
   * lower bound where one hid a cell. Never a count over days of its own, which two targets a day
   * apart would tell a day's small count by; today is in no published period. Every answer
   * that counts an age-group target counts it here.
   */
  async publishedTargetCount(
    target: Target & { ageGroups: AgeGroup[] },
    today: string,
    threshold?: number,
    read: SplitReader = this.splitReader(threshold),
  ): Promise<PublishedAgeCount> {
    const end = addCityDays(target.deadline < today ? target.deadline : today, 1);
    if (target.startDay >= end) return { count: 0, from: null, to: null };
    return read(target.ageGroups, target.wardCode, target.startDay, end);
  }

  /**
   * Reads age splits under `threshold`: every ward's at once, once per range of days (targets of
   * one period share it); the city's is their sum (hidden where any ward's is, as the city's
   * split is).
   */
  private splitReader(threshold?: number): SplitReader {
    const ranges = new Map<string, ReturnType<AgeSplitService['wardSplits']>>();
    return async (ageGroups, wardCode, from, to) => {
      const key = `${from}|${to}`;
      if (!ranges.has(key))
        ranges.set(key, this.ageSplits.wardSplits(cityDayToInstant(from), cityDayToInstant(to), threshold));
      const { periods, byWard } = await (ranges.get(key) as ReturnType<AgeSplitService['wardSplits']>);
      if (periods === null) return { count: 0, from: null, to: null };
      const wards = wardCode === null ? [...byWard.values()] : [byWard.get(wardCode)];
      const counts = wards.flatMap((groups) => (groups ? ageGroups.map((group) => groups[group]) : []));
      return { count: sumAgeCounts(counts), from: periods.from, to: periods.to };
    };
  }

  /**
   * An age-group target's progress: its count and pace from the published age splits, at the
   * signed-in threshold (the pace: the published periods of the last PACE_DAYS published, per
   * day they cover). A team's cannot be counted so (age splits are per ward) and says so.
   */
  private async ageGroupProgress(
    target: Target & { ageGroups: AgeGroup[] },
    today: string,
    read: SplitReader,
  ): Promise<TargetProgress> {
    if (target.teamId !== null)
      return { ...targetProgress(target, today, 0, 0), uncounted: { ...TEAM_AGE_GROUPS_UNCOUNTED } };
    const counted = await this.publishedTargetCount(target, today, undefined, read);
    // The last PACE_DAYS that are published: the 7 days before today may be in no published
    // period yet (a week is published some hours after it ends, or later if so set).
    const latest = await read(target.ageGroups, target.wardCode, addCityDays(today, -2 * PACE_DAYS), today);
    const recent =
      latest.to === null
        ? latest
        : await read(target.ageGroups, target.wardCode, addCityDays(latest.to, -PACE_DAYS), latest.to);
    const pace =
      recent.from === null || recent.to === null
        ? paceDays(today, 0)
        : {
            count: lowerBound(recent.count),
            from: recent.from,
            to: addCityDays(recent.to, -1),
            days: daysBetween(recent.from, recent.to),
          };
    const progress = targetProgress(target, today, lowerBound(counted.count), pace);
    return {
      ...progress,
      countedFrom: counted.from,
      countedTo: counted.to,
      ...(typeof counted.count === 'number' ? {} : { countAtLeast: true as const }),
      recentPace: { ...progress.recentPace, ...(typeof recent.count === 'number' ? {} : { atLeast: true as const }) },
    };
  }

  /**
   * Each target's count so far and over the pace days. A count of visits or of an outcome is
   * from the daily tiers: summed in the database per ward (or team kiosk) for each distinct range
   * of days, which targets of one period share. A count of some age groups is an age split's
   * (publishedTargetCount).
   */
  private async measure(targets: Target[], today: string): Promise<TargetProgress[]> {
    if (targets.length === 0) return [];
    const read = this.splitReader();
    const pace = { first: addCityDays(today, -PACE_DAYS), last: addCityDays(today, -1) };
    const soFar = (target: Target) => ({
      first: target.startDay,
      last: target.deadline < today ? target.deadline : today,
    });
    const teams = new Map<string, Team>();
    for (const target of targets)
      if (target.teamId && !teams.has(target.teamId)) {
        const team = await this.targets.team(target.teamId);
        if (team) teams.set(team.id, team);
      }
    const teamKiosks = [...new Set([...teams.values()].flatMap((team) => team.kioskIds))];
    // Per range of days: the wards' counts, and the team kiosks' when a team's target needs them.
    const ranges = new Map<string, Promise<{ wards: Map<string, Counts>; kiosks: Map<string, Counts> }>>();
    const countsOver = (range: { first: string; last: string }, forTeam: boolean) => {
      const key = `${range.first}|${range.last}|${forTeam}`;
      if (range.first > range.last) return Promise.resolve({ wards: new Map(), kiosks: new Map() });
      if (!ranges.has(key))
        ranges.set(
          key,
          (async () => ({
            wards: forTeam ? new Map() : await this.targets.wardCounts(range.first, range.last),
            kiosks: forTeam ? await this.targets.kioskCounts(teamKiosks, range.first, range.last) : new Map(),
          }))(),
        );
      return ranges.get(key) as Promise<{ wards: Map<string, Counts>; kiosks: Map<string, Counts> }>;
    };
    const progress: TargetProgress[] = [];
    for (const target of targets) {
      if (hasAgeGroups(target)) {
        progress.push(await this.ageGroupProgress(target, today, read));
        continue;
      }
      const value = (counts: Counts | undefined) =>
        counts === undefined
          ? 0
          : target.indicator === 'visits'
            ? Object.values(counts.visits).reduce((sum, count) => sum + count, 0)
            : (counts.outcomes[target.indicator] ?? 0);
      const total = async (range: { first: string; last: string }) => {
        const found = await countsOver(range, target.teamId !== null);
        const parts: (Counts | undefined)[] = target.teamId
          ? (teams.get(target.teamId)?.kioskIds ?? []).map((kiosk) => found.kiosks.get(kiosk))
          : target.wardCode
            ? [found.wards.get(target.wardCode)]
            : [...found.wards.values()];
        return parts.reduce((sum, part) => sum + value(part), 0);
      };
      progress.push(targetProgress(target, today, await total(soFar(target)), await total(pace)));
    }
    return progress;
  }

  // Teams.

  async teams(principal: Principal): Promise<Team[]> {
    return this.targets.teams(readableWards(principal));
  }

  async createTeam(input: { name: string; wardCode: string | null; kioskIds: string[] }, principal: Principal) {
    assertSetsTargets(principal);
    await this.wards.require(input.wardCode);
    await this.checkKiosks(input.wardCode, input.kioskIds);
    const id = randomUUID();
    try {
      await transaction(this.pool, async (db) => {
        await this.targets.createTeam({ id, ...input }, principal.actor, db);
        await this.audit.record(principal, 'team.create', { type: 'team', id }, { ...input }, db);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`a team ${input.name} exists already there`);
      throw error;
    }
    return (await this.targets.team(id)) as Team;
  }

  async updateTeam(id: string, change: { name?: string; kioskIds?: string[] }, principal: Principal) {
    assertSetsTargets(principal);
    const team = await this.targets.team(id);
    if (!team) throw new NotFoundException(`no team ${id}`);
    if (change.kioskIds) await this.checkKiosks(team.wardCode, change.kioskIds);
    try {
      await transaction(this.pool, async (db) => {
        if (change.name !== undefined) await this.targets.renameTeam(id, change.name, db);
        if (change.kioskIds) await this.targets.setTeamKiosks(id, change.kioskIds, db);
        await this.audit.record(
          principal,
          'team.update',
          { type: 'team', id },
          { from: { name: team.name, kioskIds: team.kioskIds }, to: change },
          db,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`a team ${change.name} exists already there`);
      throw error;
    }
    return (await this.targets.team(id)) as Team;
  }

  async deleteTeam(id: string, principal: Principal): Promise<void> {
    assertSetsTargets(principal);
    const team = await this.targets.team(id);
    if (!team) throw new NotFoundException(`no team ${id}`);
    if ((await this.targets.teamTargets(id)) > 0)
      throw new ConflictException(`the team ${team.name} has targets: delete them first`);
    await transaction(this.pool, async (db) => {
      await this.targets.deleteTeam(id, db);
      await this.audit.record(principal, 'team.delete', { type: 'team', id }, { name: team.name }, db);
    });
  }

  /** A ward's team has that ward's kiosks only; every kiosk must exist. */
  private async checkKiosks(wardCode: string | null, kioskIds: string[]): Promise<void> {
    const wards = await this.targets.kioskWards(kioskIds);
    const problems = kioskIds.flatMap((kiosk) => {
      const ward = wards.get(kiosk);
      if (ward === undefined) return [`no kiosk ${kiosk}`];
      if (wardCode !== null && ward !== wardCode) return [`the kiosk ${kiosk} is in ward ${ward}, not ${wardCode}`];
      return [];
    });
    if (problems.length > 0) throw new BadRequestException(`kioskIds: ${problems.join('; ')}`);
  }
}

const hasAgeGroups = (target: Target): target is Target & { ageGroups: AgeGroup[] } => target.ageGroups !== null;

/** A published count as a number: a lower bound's bound. */
const lowerBound = (count: AgeCount): number => (typeof count === 'number' ? count : count.atLeast);

/** The import file's column for each field a problem is on. */
const IMPORT_COLUMN: Record<string, string> = {
  indicator: 'indicator',
  ageGroups: 'age_groups',
  wardCode: 'ward_code',
  teamId: 'team',
  target: 'target',
  startDay: 'start_day',
  deadline: 'deadline',
  note: 'note',
};

/** The 400 of a refused import: the message and every error, row by row. */
export function importRefusal(errors: TargetImportError[]): BadRequestException {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `the file was not imported (nothing was written): ${sorted.length} error${sorted.length === 1 ? '' : 's'}; ${sorted
      .slice(0, 5)
      .map((error) => `row ${error.row}, ${error.column}: ${error.message}`)
      .join('; ')}${sorted.length > 5 ? '; …' : ''}`,
    errors: sorted,
  });
}
