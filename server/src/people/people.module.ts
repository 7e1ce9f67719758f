import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { MeController } from './me.controller';
import { PeopleService } from './people.service';
import { Staff } from './staff.entity';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User, Staff]), EventsModule],
  controllers: [MeController],
  providers: [PeopleService],
  exports: [PeopleService],
})
export class PeopleModule {}
