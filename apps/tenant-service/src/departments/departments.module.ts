import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DepartmentsController } from './departments.controller';
import { ManageDepartments } from './manage-departments';

@Module({
  controllers: [DepartmentsController],
  providers: [{ provide: ManageDepartments, inject: [DataSource], useFactory: (dataSource: DataSource) => new ManageDepartments(dataSource) }],
})
export class DepartmentsModule {}
