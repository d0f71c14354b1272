import { Module } from '@nestjs/common';
import { AgeSplitRepository } from './age-split.repository';
import { AgeSplitService } from './age-split.service';

/** The privacy rule's publications (docs/privacy.md): the only source of age-group figures. */
@Module({
  providers: [AgeSplitService, AgeSplitRepository],
  exports: [AgeSplitService],
})
export class PrivacyModule {}
