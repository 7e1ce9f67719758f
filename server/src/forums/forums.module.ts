import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { Staff } from '../people/staff.entity';
import { ForumsController } from './forums.controller';
import { Forum } from './forum.entity';
import { ForumsService } from './forums.service';
import { ForumPolicy } from './forum-policy';
import { ForumRulesController } from './forum-rules.controller';
import { ForumRulesService } from './forum-rules.service';

@Module({
  imports: [TypeOrmModule.forFeature([Forum, Staff]), PeopleModule],
  controllers: [ForumsController, ForumRulesController],
  providers: [ForumsService, ForumPolicy, ForumRulesService],
  exports: [ForumsService, ForumPolicy, ForumRulesService],
})
export class ForumsModule {}
