import { DataKeyWrapper, FieldCipher, TenantBlindIndex, TenantKeyring } from '@anpi/field-encryption';
import { DynamicModule, Module } from '@nestjs/common';
import { TenantServiceConfig } from '../config';
import { ContactEventSealer } from '@anpi/field-encryption';
import { ContactVault } from './contact-vault';
import { DirectoryKeys } from './directory-keys';

export type DirectoryKeyConfig = Pick<
  TenantServiceConfig,
  | 'DIRECTORY_MASTER_KEYS'
  | 'DIRECTORY_ACTIVE_MASTER_KEY_ID'
  | 'DIRECTORY_BLIND_INDEX_KEY'
  | 'DIRECTORY_EVENT_KEYS'
  | 'DIRECTORY_EVENT_ACTIVE_KEY_ID'
  | 'DIRECTORY_KEY_CACHE_TTL_MS'
>;

export function directoryKeysFrom(config: DirectoryKeyConfig): DirectoryKeys {
  const wrapper = new DataKeyWrapper(config.DIRECTORY_MASTER_KEYS, config.DIRECTORY_ACTIVE_MASTER_KEY_ID);
  return new DirectoryKeys(new TenantKeyring(wrapper, { cacheTtlMs: config.DIRECTORY_KEY_CACHE_TTL_MS }));
}

@Module({})
export class ContactEncryptionModule {
  static forRoot(config: DirectoryKeyConfig): DynamicModule {
    return {
      module: ContactEncryptionModule,
      global: true,
      providers: [
        { provide: DirectoryKeys, useValue: directoryKeysFrom(config) },
        { provide: ContactVault, useValue: new ContactVault(new TenantBlindIndex(config.DIRECTORY_BLIND_INDEX_KEY)) },
        { provide: ContactEventSealer, useValue: new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)) },
      ],
      exports: [DirectoryKeys, ContactVault, ContactEventSealer],
    };
  }
}
