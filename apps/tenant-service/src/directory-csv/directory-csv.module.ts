import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContactVault } from '../contact-encryption/contact-vault';
import { DirectoryKeys } from '../contact-encryption/directory-keys';
import { EmployeeSnapshots } from '../employees/employee-snapshots';
import { EmployeesModule } from '../employees/employees.module';
import { CsvBodyParser } from './csv-body-parser';
import { DirectoryCsvController } from './directory-csv.controller';
import { DirectoryImports } from './directory-imports';
import { ExportDirectory } from './export-directory';

@Module({
  imports: [EmployeesModule],
  controllers: [DirectoryCsvController],
  providers: [
    CsvBodyParser,
    {
      provide: DirectoryImports,
      inject: [DataSource, DirectoryKeys, ContactVault, EmployeeSnapshots],
      useFactory: (dataSource: DataSource, keys: DirectoryKeys, vault: ContactVault, snapshots: EmployeeSnapshots) => new DirectoryImports(dataSource, keys, vault, snapshots),
    },
    {
      provide: ExportDirectory,
      inject: [DataSource, DirectoryKeys, ContactVault],
      useFactory: (dataSource: DataSource, keys: DirectoryKeys, vault: ContactVault) => new ExportDirectory(dataSource, keys, vault),
    },
  ],
})
export class DirectoryCsvModule implements OnModuleDestroy {
  constructor(@Inject(DirectoryImports) private readonly imports: DirectoryImports) {}

  /** A running import ends and records its outcome before the database pool closes, rather than being left "running". */
  onModuleDestroy(): Promise<void> {
    return this.imports.settled();
  }
}
