import { DepartmentChangedV1, EmployeeRemovedV1, EmployeeUpsertedV1, EventEnvelope, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/**
 * Dispatch's own copy of the directory, so alerts go out even while tenant-service is down.
 * Contacts are stored exactly as sealed in the event; they are opened only to send.
 */
@Controller()
export class DirectoryProjectionController {
  @EventPattern(TOPICS.employeeUpserted.name)
  async onEmployeeUpserted(@Payload() event: EventEnvelope<EmployeeUpsertedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    const employee = event.payload;
    await context.manager.query(
      `INSERT INTO directory_recipients (tenant_id, employee_id, active, language, department_ids, group_ids, work_prefecture, home_prefecture, contact_ciphertext, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET active = EXCLUDED.active, language = EXCLUDED.language,
         department_ids = EXCLUDED.department_ids, group_ids = EXCLUDED.group_ids, work_prefecture = EXCLUDED.work_prefecture,
         home_prefecture = EXCLUDED.home_prefecture, contact_ciphertext = EXCLUDED.contact_ciphertext, updated_at = EXCLUDED.updated_at
       WHERE directory_recipients.updated_at <= EXCLUDED.updated_at`,
      [
        event.tenantId,
        employee.employeeId,
        employee.active,
        employee.language,
        employee.departmentIds,
        employee.groupIds,
        employee.workPrefecture,
        employee.homePrefecture,
        employee.sealedContacts,
        event.occurredAt,
      ],
    );
  }

  @EventPattern(TOPICS.employeeRemoved.name)
  async onEmployeeRemoved(@Payload() event: EventEnvelope<EmployeeRemovedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    // Everything dispatch holds about the person goes with them (an off-boarding purge erases it all).
    for (const table of ['push_subscriptions', 'line_links']) await context.manager.query(`DELETE FROM ${table} WHERE recipient_id = $1`, [event.payload.employeeId]);
    await context.manager.query('DELETE FROM directory_recipients WHERE employee_id = $1', [event.payload.employeeId]);
  }

  @EventPattern(TOPICS.departmentChanged.name)
  async onDepartmentChanged(@Payload() event: EventEnvelope<DepartmentChangedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    const department = event.payload;
    if (department.deleted) {
      await context.manager.query('DELETE FROM directory_departments WHERE department_id = $1', [department.departmentId]);
      return;
    }
    await context.manager.query(
      `INSERT INTO directory_departments (tenant_id, department_id, path) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, department_id) DO UPDATE SET path = EXCLUDED.path`,
      [event.tenantId, department.departmentId, department.path],
    );
  }
}
