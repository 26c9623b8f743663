import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { TenantServiceConfig } from './config';
import { ContactEncryptionModule } from './contact-encryption/contact-encryption.module';
import { DepartmentsModule } from './departments/departments.module';
import { DirectoryCsvModule } from './directory-csv/directory-csv.module';
import { EmployeesModule } from './employees/employees.module';
import { GroupsModule } from './groups/groups.module';
import { OffboardingModule } from './offboarding/offboarding.module';
import { RecipientResolutionModule } from './recipient-resolution/recipient-resolution.module';

/**
 * The employee directory: departments, employees, groups, their audit log, and the keys
 * that protect contact data. Its console routes verify access tokens against auth-service
 * (AccessTokenGuard, configured once by the service root).
 */
@Module({})
export class DirectoryModule {
  static forRoot(config: TenantServiceConfig): DynamicModule {
    return {
      module: DirectoryModule,
      imports: [ContactEncryptionModule.forRoot(config), DepartmentsModule, EmployeesModule, GroupsModule, AuditModule, DirectoryCsvModule, RecipientResolutionModule.forRoot(config), OffboardingModule.forRoot(config)],
    };
  }
}
