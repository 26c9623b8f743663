import { BlindIndex, FieldCipher } from '@anpi/field-encryption';
import { DynamicModule, Module } from '@nestjs/common';
import { AuthServiceConfig } from '../config';
import { AccountsController } from './accounts.controller';
import { ProvisionOwnerAccount } from './provision-owner-account';

@Module({})
export class AccountsModule {
  static forRoot(config: AuthServiceConfig): DynamicModule {
    const cipher = new FieldCipher(config.PII_ENCRYPTION_KEYS, config.PII_ACTIVE_KEY_ID);
    const blindIndex = new BlindIndex(config.PII_BLIND_INDEX_KEY);
    return {
      module: AccountsModule,
      controllers: [AccountsController],
      providers: [{ provide: ProvisionOwnerAccount, useValue: new ProvisionOwnerAccount(cipher, blindIndex) }],
    };
  }
}
