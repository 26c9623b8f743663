import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContactEventSealer } from '@anpi/field-encryption';
import { ContactVault } from '../contact-encryption/contact-vault';
import { DirectoryKeys } from '../contact-encryption/directory-keys';
import { EmployeeSnapshots } from './employee-snapshots';
import { EmployeesController } from './employees.controller';
import { ManageEmployees } from './manage-employees';

@Module({
  controllers: [EmployeesController],
  providers: [
    {
      provide: EmployeeSnapshots,
      inject: [ContactVault, ContactEventSealer],
      useFactory: (vault: ContactVault, sealer: ContactEventSealer) => new EmployeeSnapshots(vault, sealer),
    },
    {
      provide: ManageEmployees,
      inject: [DataSource, DirectoryKeys, ContactVault, EmployeeSnapshots],
      useFactory: (dataSource: DataSource, keys: DirectoryKeys, vault: ContactVault, snapshots: EmployeeSnapshots) =>
        new ManageEmployees(dataSource, keys, vault, snapshots),
    },
  ],
  exports: [EmployeeSnapshots],
})
export class EmployeesModule {}
