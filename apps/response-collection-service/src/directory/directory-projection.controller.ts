import { DepartmentChangedV1, EmployeeRemovedV1, EmployeeUpsertedV1, EventEnvelope, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/**
 * What this service needs from the directory: departments (with their paths, for the roll-up),
 * each employee's departments, prefectures and employee number (the breakdowns), and their
 * language (the answer page's). The sealed contacts in `employee.upserted` are deliberately not
 * kept: this service cannot open them and must not hold them (see docs/decisions.md, "Response
 * collection keeps no names").
 */
@Controller()
export class DirectoryProjectionController {
  @EventPattern(TOPICS.employeeUpserted.name)
  async onEmployeeUpserted(@Payload() event: EventEnvelope<EmployeeUpsertedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    const employee = event.payload;
    if (!employee.active) {
      await context.manager.query('DELETE FROM directory_employees WHERE employee_id = $1', [employee.employeeId]);
      return;
    }
    await context.manager.query(
      `INSERT INTO directory_employees (tenant_id, employee_id, employee_number, department_ids, work_prefecture, home_prefecture, language, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET employee_number = EXCLUDED.employee_number, department_ids = EXCLUDED.department_ids,
         work_prefecture = EXCLUDED.work_prefecture, home_prefecture = EXCLUDED.home_prefecture, language = EXCLUDED.language, updated_at = EXCLUDED.updated_at
       WHERE directory_employees.updated_at <= EXCLUDED.updated_at`,
      [event.tenantId, employee.employeeId, employee.employeeNumber, employee.departmentIds, employee.workPrefecture, employee.homePrefecture, employee.language, event.occurredAt],
    );
  }

  @EventPattern(TOPICS.employeeRemoved.name)
  async onEmployeeRemoved(@Payload() event: EventEnvelope<EmployeeRemovedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    await context.manager.query('DELETE FROM directory_employees WHERE employee_id = $1', [event.payload.employeeId]);
    if (event.payload.reason === 'purged') {
      // Off-boarding erases personal data: the employee number goes from past alerts too.
      await context.manager.query('UPDATE alert_recipients SET employee_number = NULL WHERE recipient_id = $1', [event.payload.employeeId]);
    }
  }

  @EventPattern(TOPICS.departmentChanged.name)
  async onDepartmentChanged(@Payload() event: EventEnvelope<DepartmentChangedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    const department = event.payload;
    if (department.deleted) {
      await context.manager.query('DELETE FROM directory_departments WHERE department_id = $1', [department.departmentId]);
      return;
    }
    await context.manager.query(
      `INSERT INTO directory_departments (tenant_id, department_id, parent_id, path, name) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, department_id) DO UPDATE SET parent_id = EXCLUDED.parent_id, path = EXCLUDED.path, name = EXCLUDED.name`,
      [event.tenantId, department.departmentId, department.parentId, department.path, department.name],
    );
  }
}
