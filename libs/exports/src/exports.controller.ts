import { Actor, CurrentActor, Roles } from '@albergue/access';
import { Page, PaginationQueryDto, pickLanguage, UuidPipe } from '@albergue/platform';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { CreateExportDto, ExportsQueryDto } from './export.dto';
import { ExportDisclosureView, ExportListItem, ExportView } from './export.view';
import { ExportOutboxRelay } from './export-outbox.relay';
import { ExportsService } from './exports.service';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly relay: ExportOutboxRelay,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Queue an export of a dataset to a partner, encrypted to its key.' })
  async request(
    @Body() body: CreateExportDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ id: string; status: 'queued' }> {
    const accepted = await this.exports.request(actor, body);
    this.relay.nudge();
    return accepted;
  }

  @Get()
  @Roles('admin', 'partner')
  @ApiOperation({
    summary:
      'Exports newest first: every one for admins, those of their organization’s partners for a partner user ' +
      '(another organization’s partnerId gives an empty list).',
  })
  list(
    @Query() query: ExportsQueryDto,
    @CurrentActor() actor: Actor,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<Page<ExportListItem>> {
    return this.exports.list(actor, query, pickLanguage(acceptLanguage));
  }

  @Get(':id')
  @Roles('admin', 'partner')
  @ApiOperation({ summary: 'State of an export: status, progress, rows, sha256 of the encrypted file.' })
  get(
    @Param('id', new UuidPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<ExportView> {
    return this.exports.get(actor, id, pickLanguage(acceptLanguage));
  }

  @Get(':id/download')
  @Roles('admin', 'partner')
  @ApiOperation({ summary: 'The OpenPGP-encrypted file (application/pgp-encrypted).' })
  async download(
    @Param('id', new UuidPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.exports.download(actor, id);
    reply.header('content-disposition', `attachment; filename="albergue-export-${id}.pgp"`);
    reply.header('x-content-sha256', file.sha256);
    return new StreamableFile(file.stream, { type: 'application/pgp-encrypted', length: file.sizeBytes });
  }

  @Get(':id/disclosures')
  @Roles('admin')
  @ApiOperation({ summary: 'Which act of which incident went out in this export.' })
  disclosures(
    @Param('id', new UuidPipe()) id: string,
    @Query() query: PaginationQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<Page<ExportDisclosureView>> {
    return this.exports.disclosures(actor, id, query);
  }
}
