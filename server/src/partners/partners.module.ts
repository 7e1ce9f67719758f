import { Module } from '@nestjs/common';
import { PartnersController } from './partners.controller';
import { PartnersService } from './partners.service';

/** The partner directory: what members represent, with a contact who agreed to be listed. */
@Module({
  controllers: [PartnersController],
  providers: [PartnersService],
})
export class PartnersModule {}
