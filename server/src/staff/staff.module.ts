import { Module } from '@nestjs/common';
import { StaffController } from './staff.controller';
import { StaffDirectory } from './staff-directory';
import { StaffWorkspaceService } from './staff-workspace.service';

/** Municipal staff at work: the directory of staff and their workspace (arbejdsplads). */
@Module({
  controllers: [StaffController],
  providers: [StaffDirectory, StaffWorkspaceService],
  exports: [StaffDirectory],
})
export class StaffModule {}
