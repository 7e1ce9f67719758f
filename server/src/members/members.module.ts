import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { ForumsModule } from '../forums/forums.module';
import { ContactPerson } from './contact-person.entity';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { Membership } from './membership.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Membership, ContactPerson]), ForumsModule, EventsModule],
  controllers: [MembersController],
  providers: [MembersService],
  exports: [MembersService],
})
export class MembersModule {}
