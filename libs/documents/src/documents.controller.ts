import { Actor, CurrentActor, Roles } from '@albergue/access';
import { NoBodyPipe, ReadsMultipart, UuidPipe } from '@albergue/platform';
import '@fastify/multipart';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { DOCUMENT_MEDIA_TYPES } from './document-type';
import { DocumentView } from './document.view';
import { DocumentsQueryDto } from './documents.dto';
import { isMultipartParseError, MalformedMultipart, MissingDocumentFile } from './documents.errors';
import { DOCUMENT_KINDS, DocumentsService, DocumentUploadFields } from './documents.service';

/** Every role reaches the routes; the owner's scope decides (a partner sees no owner, so every answer is 404). */
const ANY_ROLE = ['admin', 'coordinator', 'shelter_worker', 'lawyer', 'partner'] as const;

const EXTENSIONS: Record<string, string> = Object.fromEntries(
  Object.entries(DOCUMENT_MEDIA_TYPES).map(([extension, mediaType]) => [mediaType, extension]),
);

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @HttpCode(201)
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary:
      'Attach a file to a person, stay, asylum application, incident or referral (multipart: the fields, then one file).',
  })
  @ApiConsumes('multipart/form-data')
  @ReadsMultipart()
  @ApiBody({
    schema: {
      type: 'object',
      required: ['ownerType', 'ownerId', 'kind', 'file'],
      properties: {
        ownerType: { type: 'string', enum: ['person', 'stay', 'asylum_application', 'incident', 'referral'] },
        ownerId: { type: 'string', format: 'uuid' },
        kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
        title: { type: 'string', maxLength: 200 },
        file: {
          type: 'string',
          format: 'binary',
          description: 'PDF, JPEG, PNG, WebP or HEIC, at most DOCUMENT_MAX_BYTES',
        },
      },
    },
  })
  async upload(@Req() request: FastifyRequest, @CurrentActor() actor: Actor): Promise<DocumentView> {
    if (!request.isMultipart()) throw new MissingDocumentFile('the body must be multipart/form-data');
    const part = await request
      .file({ limits: { fileSize: this.documents.maxBytes + 1, files: 1, fields: 8 } })
      .catch((error: unknown) => {
        throw isMultipartParseError(error) ? new MalformedMultipart() : error;
      });
    if (!part) throw new MissingDocumentFile('no file part');
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw new MissingDocumentFile(`the file part must be named "file", not "${part.fieldname.slice(0, 40)}"`);
    }
    const fields: DocumentUploadFields = {};
    for (const [name, value] of Object.entries(part.fields)) {
      if (name === part.fieldname) continue;
      const single = Array.isArray(value) ? value[0] : value;
      fields[name] = single && single.type === 'field' ? String(single.value) : undefined;
    }
    let target;
    try {
      target = await this.documents.checkUpload(actor, fields);
    } catch (error) {
      part.file.resume();
      throw error;
    }
    return this.documents.upload(actor, target, part.file);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: "An owner's documents (metadata), newest first; deleted ones stay, flagged." })
  list(@Query() query: DocumentsQueryDto, @CurrentActor() actor: Actor): Promise<{ items: DocumentView[] }> {
    return this.documents.list(actor, query.ownerType, query.ownerId.toLowerCase());
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: "A document's metadata." })
  get(@Param('id', new UuidPipe()) id: string, @CurrentActor() actor: Actor): Promise<DocumentView> {
    return this.documents.get(actor, id);
  }

  @Get(':id/content')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The file itself, streamed; every download is audited.' })
  @ApiProduces(...Object.values(DOCUMENT_MEDIA_TYPES))
  async content(
    @Param('id', new UuidPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { document, stream } = await this.documents.content(actor, id);
    reply.header('content-disposition', `attachment; filename="document-${id}.${EXTENSIONS[document.mediaType]}"`);
    reply.header('x-content-sha256', document.sha256);
    reply.header('cache-control', 'no-store');
    return new StreamableFile(stream, { type: document.mediaType, length: document.byteSize });
  }

  @Delete(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: "Destroy a document's content (admin, or a coordinator of the owner's shelter); the metadata stays.",
  })
  delete(
    @Param('id', new UuidPipe()) id: string,
    @Body(NoBodyPipe) _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<DocumentView> {
    return this.documents.delete(actor, id);
  }
}
