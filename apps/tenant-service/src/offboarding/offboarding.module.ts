import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { TenantServiceConfig } from '../config';
import { EmployeeSnapshots } from '../employees/employee-snapshots';
import { EmployeesModule } from '../employees/employees.module';
import { EmployeePurger } from './employee-purger';
import { OffboardingController } from './offboarding.controller';
import { ReadOffboardingStatus } from './read-offboarding-status';
import { PurgePolicy } from './purge-policy';

@Injectable()
class EmployeePurgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(EmployeePurger) private readonly purger: EmployeePurger) {}
  onApplicationBootstrap(): void {
    this.purger.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.purger.stop();
  }
}

/** Off-boarding: disabled employees' personal data is erased after the retention period. */
@Module({})
export class OffboardingModule {
  static forRoot(config: TenantServiceConfig): DynamicModule {
    const policy = new PurgePolicy(config.EMPLOYEE_PURGE_AFTER_DAYS);
    return {
      module: OffboardingModule,
      imports: [EmployeesModule],
      controllers: [OffboardingController],
      providers: [
        {
          provide: ReadOffboardingStatus,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new ReadOffboardingStatus(dataSource, policy),
        },
        {
          provide: EmployeePurger,
          inject: [DataSource, EmployeeSnapshots, PinoLogger],
          useFactory: (dataSource: DataSource, snapshots: EmployeeSnapshots, logger: PinoLogger) =>
            new EmployeePurger(
              dataSource,
              snapshots,
              policy,
              (logger.logger as Logger).child({ component: 'employee-purger' }),
              config.EMPLOYEE_PURGE_INTERVAL_MS,
            ),
        },
        EmployeePurgerLifecycle,
      ],
    };
  }
}
