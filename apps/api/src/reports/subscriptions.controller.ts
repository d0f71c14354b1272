import {
  Body,
  Controller,
  ConflictException,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import type { ReportDelivery, ReportSubscription } from '@kiosk-pulse/contract';
import { CurrentPrincipal, Roles } from '../access/decorators';
import type { Principal } from '../access/principal';
import { parseInput } from '../http/parse-input';
import { Mailer } from '../mail/mailer';
import { WardAccess } from '../wards/ward-code';
import { ReportDeliveryQueue } from './delivery-queue';
import { deliveriesQuery, subscriptionBody } from './subscription.schema';
import { SubscriptionsRepository } from './subscriptions.repository';

/** The newest deliveries an admin's list shows. */
const DELIVERIES_LISTED = 200;

/** A subscription is a signed-in person's: an API token or ADMIN_TOKEN has no one to send to. */
function subscriberOf(principal: Principal): string {
  if (!principal.userId) throw new ForbiddenException('report subscriptions belong to a signed-in user');
  return principal.userId;
}

/**
 * Scheduled reports by e-mail: each user manages their own subscriptions (ward staff to their
 * ward's report; city officials and admins to the city's or any ward's). Admins see every
 * delivery, the failed ones with their error, and retry them.
 */
@Controller('api/v1/reports')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly deliveries: ReportDeliveryQueue,
    private readonly mailer: Mailer,
    private readonly wards: WardAccess,
  ) {}

  @Post('subscriptions')
  async subscribe(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<ReportSubscription> {
    const userId = subscriberOf(principal);
    const input = parseInput(subscriptionBody, body);
    if (principal.role === 'ward_staff' && input.scope === 'city') {
      throw new ForbiddenException("ward staff subscribe to their own ward's report, not the city's");
    }
    await this.wards.require(input.wardCode, principal);
    this.mailer.assertEnabled();
    return this.subscriptions.create(userId, input);
  }

  @Get('subscriptions')
  list(@CurrentPrincipal() principal: Principal): Promise<ReportSubscription[]> {
    return this.subscriptions.listOf(subscriberOf(principal));
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  async cancel(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    if (!(await this.subscriptions.cancel(subscriberOf(principal), id))) {
      throw new NotFoundException(`no subscription ${id} of yours`);
    }
  }

  @Get('deliveries')
  @Roles('admin')
  listDeliveries(@Query() query: unknown): Promise<ReportDelivery[]> {
    return this.subscriptions.deliveries(parseInput(deliveriesQuery, query).status, DELIVERIES_LISTED);
  }

  @Post('deliveries/:id/retry')
  @Roles('admin')
  @HttpCode(202)
  async retry(@Param('id', new ParseUUIDPipe()) id: string): Promise<ReportDelivery> {
    const delivery = await this.subscriptions.deliveryById(id);
    if (!delivery) throw new NotFoundException(`no delivery ${id}`);
    if (!(await this.deliveries.retry(id))) {
      throw new ConflictException(`delivery ${id} is ${delivery.status}: only a failed one is retried`);
    }
    return (await this.subscriptions.deliveryById(id)) as ReportDelivery;
  }
}
