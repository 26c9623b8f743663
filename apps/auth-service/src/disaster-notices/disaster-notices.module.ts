import { DynamicModule, Module } from '@nestjs/common';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuthServiceConfig } from '../config';
import { AdministratorMails } from '../mail/administrator-mails';
import { OutgoingMails } from '../mail/outgoing-mail';
import { CONSOLE_BASE_URL, DisasterNoticesController } from './disaster-notices.controller';

/** auth-service holds the crisis team's addresses, so it is the one that mails them about JMA cancellations. */
@Module({})
export class DisasterNoticesModule {
  static forRoot(config: AuthServiceConfig, core: DynamicModule): DynamicModule {
    return {
      module: DisasterNoticesModule,
      imports: [core],
      controllers: [DisasterNoticesController],
      providers: [
        { provide: CONSOLE_BASE_URL, useValue: config.CONSOLE_BASE_URL },
        {
          provide: AdministratorMails,
          inject: [AccountPersonalData, OutgoingMails],
          useFactory: (personalData: AccountPersonalData, mails: OutgoingMails) => new AdministratorMails(personalData, mails),
        },
      ],
    };
  }
}
