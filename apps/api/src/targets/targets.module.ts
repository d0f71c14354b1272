import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { PrivacyModule } from '../privacy/privacy.module';
import { WardsModule } from '../wards/wards.module';
import { CSV_TYPE, TargetsController, XLSX_TYPE } from './targets.controller';
import { TargetsRepository } from './targets.repository';
import { TargetsService } from './targets.service';

/** The largest spreadsheet an import takes: every ward's targets for years fit in far less. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

@Module({
  imports: [WardsModule, PrivacyModule],
  controllers: [TargetsController],
  providers: [TargetsRepository, TargetsService],
  exports: [TargetsRepository, TargetsService],
})
export class TargetsModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  /**
   * The import's body is the file itself, kept as bytes: a CSV or an XLSX. Registered before
   * the server starts listening, as Fastify requires; any other route given one refuses it.
   */
  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(CSV_TYPE)) return;
    fastify.addContentTypeParser(
      [CSV_TYPE, XLSX_TYPE],
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );
  }
}
