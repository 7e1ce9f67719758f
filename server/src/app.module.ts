import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { CollabModule } from './collab/collab.module';
import { CommonModule } from './common/common.module';
import { APP_CONFIG, type AppConfig } from './config/config';
import { DATABASE_URL } from './database/database-url';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { JobsModule } from './jobs/jobs.module';
import { ForumsModule } from './forums/forums.module';
import { GrantsModule } from './grants/grants.module';
import { HealthModule } from './health/health.module';
import { MailModule } from './mail/mail.module';
import { MembersModule } from './members/members.module';
import { PeopleModule } from './people/people.module';
import { ProposalsModule } from './proposals/proposals.module';
import { DebatesModule } from './debates/debates.module';
import { ModerationModule } from './moderation/moderation.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RealtimeModule } from './realtime/realtime.module';
import { EscalationsModule } from './escalations/escalations.module';
import { StaffModule } from './staff/staff.module';
import { VotesModule } from './votes/votes.module';
import { SearchModule } from './search/search.module';
import { RequestsModule } from './requests/requests.module';
import { PartnersModule } from './partners/partners.module';
import { PoolsModule } from './pools/pools.module';

@Module({})
export class AppModule {
  /** `databaseUrl` is the resolved one: configured, or the embedded server's. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forRoot(databaseUrl, config.demo),
        CommonModule,
        JobsModule,
        MailModule,
        PeopleModule,
        AuthModule,
        ForumsModule,
        MembersModule,
        HealthModule,
        ProposalsModule,
        CollabModule,
        DebatesModule,
        ModerationModule,
        NotificationsModule,
        RealtimeModule,
        StaffModule,
        SearchModule,
        RequestsModule,
        PartnersModule,
        EscalationsModule,
        PoolsModule,
        GrantsModule,
        DemoModule,
        VotesModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_URL, useValue: databaseUrl },
      ],
      exports: [APP_CONFIG, DATABASE_URL],
    };
  }
}
