import { Actor, CurrentActor, Roles } from '@albergue/access';
import { pickLanguage, UuidPipe } from '@albergue/platform';
import { Controller, Get, Headers, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { CASE_FILE_ROLES } from './case-notes.controller';
import { SummariesService } from './summaries.service';

function pdfFile(reply: FastifyReply, pdf: Buffer, name: string): StreamableFile {
  reply.header('content-disposition', `attachment; filename="${name}"`);
  // A printed case must not linger in a shared browser's or a proxy's cache.
  reply.header('cache-control', 'no-store');
  return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length });
}

@ApiTags('case file')
@ApiBearerAuth()
@Controller()
export class SummariesController {
  constructor(private readonly summaries: SummariesService) {}

  @Get('persons/:id/summary.pdf')
  @Roles(...CASE_FILE_ROLES)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary:
      'A person’s case summary as PDF (stays, household, vulnerabilities, referrals and their outcome, the notes ' +
      'you may read), in the Accept-Language language, each page naming who printed it and when; audited.',
  })
  async person(
    @Param('id', new UuidPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<StreamableFile> {
    const pdf = await this.summaries.personSummary(actor, id, pickLanguage(acceptLanguage));
    return pdfFile(reply, pdf, `resumen-${id}.pdf`);
  }

  @Get('asylum-applications/:id/summary.pdf')
  @Roles('admin', 'coordinator', 'lawyer')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary:
      'An asylum application’s summary as PDF (applicant and dependents, grounds, office, entry date, every ' +
      'deadline with its legal basis, the timeline, the documents listed), in the Accept-Language language; audited.',
  })
  async application(
    @Param('id', new UuidPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<StreamableFile> {
    const pdf = await this.summaries.applicationSummary(actor, id, pickLanguage(acceptLanguage));
    return pdfFile(reply, pdf, `solicitud-${id}.pdf`);
  }
}
