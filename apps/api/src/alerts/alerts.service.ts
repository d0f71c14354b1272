import { randomBytes, randomUUID } from 'node:crypto';
import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool } from 'pg';
import type {
  AlertIncident,
  AlertKind,
  AlertRule,
  BehindPaceParams,
  CityTimeSpan,
  CreatedAlertRule,
} from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import type { Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { TargetsRepository } from '../targets/targets.repository';
import { WardAccess } from '../wards/ward-code';
import { parseParams } from './alert-rule.schema';
import { incidentMessage } from './alert-text';
import { AlertsRepository, type RuleFields, type StoredRule } from './alerts.repository';
import { WebhookGuard } from './webhook-guard';

/** The wards whose rules and incidents the principal reads: ward staff their own; the others all (undefined). */
export function alertWards(principal: Principal): string[] | undefined {
  return principal.role === 'ward_staff' ? [principal.wardCode as string] : undefined;
}

/** Admins set any ward's rules, ward staff their own ward's; city officials read them. */
export function assertSetsAlertsOf(principal: Principal, wardCode: string): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'ward_staff' && principal.wardCode === wardCode) return;
  throw new ForbiddenException(
    principal.role === 'city_official'
      ? 'alert rules are set by ward staff and admins; city officials read them'
      : `no access to ward ${wardCode}`,
  );
}

/** The rule as a browser sees it: never its webhook's secret. */
const published = ({ webhookSecret: _secret, ...rule }: StoredRule): AlertRule => rule;

/** A new signing secret: 32 random bytes, as a receiver's configuration can hold them. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export interface RuleInput {
  wardCode: string;
  kind: AlertKind;
  enabled: boolean;
  params?: Record<string, unknown>;
  quietHours?: CityTimeSpan | null;
  emailTo: string[];
  webhookUrl?: string | null;
}

export type RuleChange = Partial<Omit<RuleInput, 'wardCode' | 'kind'>>;

@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly targets: TargetsRepository,
    private readonly wards: WardAccess,
    private readonly audit: AuditLog,
    private readonly webhooks: WebhookGuard,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** A webhook to an internal address is refused (400), naming why; a name is checked again at each send. */
  private checkWebhook(url: string | null | undefined): void {
    const problem = url ? this.webhooks.problem(url) : null;
    if (problem) throw new BadRequestException(problem);
  }

  /** A rule the principal may read; one of another ward is not found, like an unknown id. */
  private async readable(id: string, principal: Principal): Promise<StoredRule> {
    const rule = await this.alerts.findRule(id);
    const wards = alertWards(principal);
    if (!rule || (wards && !wards.includes(rule.wardCode))) throw new NotFoundException(`no alert rule ${id}`);
    return rule;
  }

  async rule(id: string, principal: Principal): Promise<AlertRule> {
    return published(await this.readable(id, principal));
  }

  async rules(principal: Principal, filter: { wardCode?: string }): Promise<AlertRule[]> {
    await this.wards.require(filter.wardCode, principal);
    const rules = await this.alerts.listRules({ wards: filter.wardCode ? [filter.wardCode] : alertWards(principal) });
    return rules.map(published);
  }

  async create(input: RuleInput, principal: Principal): Promise<CreatedAlertRule> {
    await this.wards.require(input.wardCode);
    assertSetsAlertsOf(principal, input.wardCode);
    this.checkWebhook(input.webhookUrl);
    const fields: RuleFields = {
      wardCode: input.wardCode,
      kind: input.kind,
      enabled: input.enabled,
      params: await this.checkParams(input.kind, input.wardCode, input.params),
      quietHours: input.quietHours ?? null,
      emailTo: input.emailTo,
      webhookUrl: input.webhookUrl ?? null,
      webhookSecret: input.webhookUrl ? newSecret() : null,
    };
    const id = randomUUID();
    await transaction(this.pool, async (db) => {
      await this.alerts.createRule(id, fields, principal.actor, db);
      const { webhookSecret: _secret, ...logged } = fields;
      await this.audit.record(principal, 'alert_rule.create', { type: 'alert_rule', id }, { ...logged }, db);
    });
    const created = (await this.alerts.findRule(id)) as StoredRule;
    return { ...published(created), webhookSecret: created.webhookSecret };
  }

  /** Changes a rule; a webhook added where there was none gets a secret, in this answer only. */
  async update(id: string, change: RuleChange, principal: Principal): Promise<AlertRule | CreatedAlertRule> {
    const before = await this.readable(id, principal);
    assertSetsAlertsOf(principal, before.wardCode);
    this.checkWebhook(change.webhookUrl);
    const webhookUrl = change.webhookUrl !== undefined ? change.webhookUrl : before.webhookUrl;
    const fields: RuleFields = {
      wardCode: before.wardCode,
      kind: before.kind,
      enabled: change.enabled ?? before.enabled,
      params:
        change.params !== undefined
          ? await this.checkParams(before.kind, before.wardCode, change.params)
          : before.params,
      quietHours: change.quietHours !== undefined ? change.quietHours : before.quietHours,
      emailTo: change.emailTo ?? before.emailTo,
      webhookUrl,
      webhookSecret: webhookUrl ? (before.webhookSecret ?? newSecret()) : null,
    };
    await transaction(this.pool, async (db) => {
      await this.alerts.updateRule(id, fields, db);
      const { webhookSecret: _secret, ...after } = fields;
      await this.audit.record(principal, 'alert_rule.update', { type: 'alert_rule', id }, { ...after }, db);
    });
    const updated = (await this.alerts.findRule(id)) as StoredRule;
    return before.webhookSecret === null && updated.webhookSecret !== null
      ? { ...published(updated), webhookSecret: updated.webhookSecret }
      : published(updated);
  }

  async delete(id: string, principal: Principal): Promise<void> {
    const rule = await this.readable(id, principal);
    assertSetsAlertsOf(principal, rule.wardCode);
    await transaction(this.pool, async (db) => {
      await this.alerts.deleteRule(id, db);
      await this.audit.record(principal, 'alert_rule.delete', { type: 'alert_rule', id }, { ...published(rule) }, db);
    });
  }

  /** Open incidents first, then the newest, in the principal's wards. */
  async incidents(
    principal: Principal,
    filter: { status?: 'open' | 'resolved'; wardCode?: string; limit: number },
  ): Promise<AlertIncident[]> {
    await this.wards.require(filter.wardCode, principal);
    const incidents = await this.alerts.listIncidents({
      wards: filter.wardCode ? [filter.wardCode] : alertWards(principal),
      status: filter.status,
      limit: filter.limit,
    });
    return incidents.map((incident) => ({
      ...incident,
      message: incidentMessage(incident, incident.resolvedAt ? 'resolved' : 'opened'),
    }));
  }

  /** The kind's parameters, defaults filled in; a behind-pace rule's target must be of its ward. */
  private async checkParams(kind: AlertKind, wardCode: string, params: unknown) {
    const parsed = parseParams(kind, params);
    if (!parsed.ok) throw new BadRequestException(parsed.problem);
    const targetId = kind === 'behind_pace' ? (parsed.value as BehindPaceParams).targetId : undefined;
    if (targetId) {
      const target = await this.targets.find(targetId);
      if (!target || target.wardCode !== wardCode)
        throw new BadRequestException(`params.targetId: no target ${targetId} of ward ${wardCode}`);
    }
    return parsed.value;
  }
}
