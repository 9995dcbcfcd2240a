import { Actor, CurrentActor, Roles } from '@albergue/access';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { IncidentStatsQueryDto } from './incident-query.dto';
import { IncidentStats, IncidentStatsService } from './incident-stats.service';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('stats')
export class IncidentStatsController {
  constructor(private readonly stats: IncidentStatsService) {}

  @Get('incidents')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary:
      'Counts of verified incidents the victims consented to share, in the caller’s shelters; counts under 5 ' +
      'and their complements are null (suppressed).',
  })
  incidents(@Query() query: IncidentStatsQueryDto, @CurrentActor() actor: Actor): Promise<IncidentStats> {
    return this.stats.stats(actor, query);
  }
}
