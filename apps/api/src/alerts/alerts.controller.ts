import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import type { AlertIncident, AlertRule, CreatedAlertRule } from '@kiosk-pulse/contract';
import { CurrentPrincipal, Roles } from '../access/decorators';
import type { Principal } from '../access/principal';
import { parseInput } from '../http/parse-input';
import { alertsQuery, createRuleBody, rulesQuery, updateRuleBody } from './alert-rule.schema';
import { AlertsService } from './alerts.service';

/**
 * Alerts: the incidents the rules opened, and the rules per ward (ward staff set their own
 * ward's, admins any ward's; city officials read them all).
 */
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly service: AlertsService) {}

  @Get()
  list(@Query() query: unknown, @CurrentPrincipal() principal: Principal): Promise<AlertIncident[]> {
    return this.service.incidents(principal, parseInput(alertsQuery, query));
  }

  @Get('rules')
  rules(@Query() query: unknown, @CurrentPrincipal() principal: Principal): Promise<AlertRule[]> {
    return this.service.rules(principal, parseInput(rulesQuery, query));
  }

  @Post('rules')
  @Roles('admin', 'ward_staff')
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<CreatedAlertRule> {
    return this.service.create(parseInput(createRuleBody, body), principal);
  }

  @Get('rules/:id')
  rule(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<AlertRule> {
    return this.service.rule(id, principal);
  }

  @Patch('rules/:id')
  @Roles('admin', 'ward_staff')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AlertRule | CreatedAlertRule> {
    return this.service.update(id, parseInput(updateRuleBody, body), principal);
  }

  @Delete('rules/:id')
  @Roles('admin', 'ward_staff')
  @HttpCode(204)
  async delete(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    await this.service.delete(id, principal);
  }
}
