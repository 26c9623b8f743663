import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DirectoryKeys } from '../contact-encryption/directory-keys';
import { EmployeeSnapshots } from '../employees/employee-snapshots';
import { EmployeesModule } from '../employees/employees.module';
import { GroupsController } from './groups.controller';
import { ManageGroups } from './manage-groups';

@Module({
  imports: [EmployeesModule],
  controllers: [GroupsController],
  providers: [
    {
      provide: ManageGroups,
      inject: [DataSource, DirectoryKeys, EmployeeSnapshots],
      useFactory: (dataSource: DataSource, keys: DirectoryKeys, snapshots: EmployeeSnapshots) => new ManageGroups(dataSource, keys, snapshots),
    },
  ],
})
export class GroupsModule {}
