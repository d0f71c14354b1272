import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import type { Campaign, CampaignComparison } from '@kiosk-pulse/contract';
import { CurrentPrincipal, Roles } from '../access/decorators';
import type { Principal } from '../access/principal';
import { parseInput } from '../http/parse-input';
import { campaignsQuery, createCampaignBody, updateCampaignBody } from './campaign.schema';
import { CampaignsService } from './campaigns.service';

/**
 * Kiosk days and campaigns: ward staff record their own ward's, admins any ward's; city
 * officials read them all. The list takes a range, for the markers of a trend chart.
 */
@Controller('api/v1/campaigns')
export class CampaignsController {
  constructor(private readonly service: CampaignsService) {}

  @Get()
  list(@Query() query: unknown, @CurrentPrincipal() principal: Principal): Promise<Campaign[]> {
    return this.service.list(principal, parseInput(campaignsQuery, query));
  }

  @Post()
  @Roles('admin', 'ward_staff')
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Campaign> {
    const input = parseInput(createCampaignBody, body);
    return this.service.create({ ...input, place: input.place ?? null }, principal);
  }

  @Get(':id')
  one(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<Campaign> {
    return this.service.readable(id, principal);
  }

  /** The campaign's hours against the same kiosks' ordinary days and the ward's other kiosks. */
  @Get(':id/comparison')
  comparison(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CampaignComparison> {
    return this.service.comparison(id, principal);
  }

  @Patch(':id')
  @Roles('admin', 'ward_staff')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Campaign> {
    return this.service.update(id, parseInput(updateCampaignBody, body), principal);
  }

  @Delete(':id')
  @Roles('admin', 'ward_staff')
  @HttpCode(204)
  async delete(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    await this.service.delete(id, principal);
  }
}
