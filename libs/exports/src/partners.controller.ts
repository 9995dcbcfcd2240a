import { Actor, CurrentActor, Roles } from '@albergue/access';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CreatePartnerDto } from './partner.dto';
import { PartnerView } from './partner.view';
import { PartnersService } from './partners.service';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register a partner and its data-sharing agreement; answers the webhook secret once.' })
  create(
    @Body() body: CreatePartnerDto,
    @CurrentActor() actor: Actor,
  ): Promise<PartnerView & { webhookSecret: string }> {
    return this.partners.create(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The partners and their agreements.' })
  async list(): Promise<{ items: PartnerView[]; nextCursor: null }> {
    return { items: await this.partners.list(), nextCursor: null };
  }
}
