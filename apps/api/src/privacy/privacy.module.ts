import { Module } from '@nestjs/common';
import { AgeSplitPublisher } from './age-split-publisher';
import { AgeSplitRepository } from './age-split.repository';
import { AgeSplitService } from './age-split.service';

/** The privacy rule's publications (docs/privacy.md): the only source of age-group figures. */
@Module({
  providers: [AgeSplitService, AgeSplitRepository, AgeSplitPublisher],
  exports: [AgeSplitService],
})
export class PrivacyModule {}
