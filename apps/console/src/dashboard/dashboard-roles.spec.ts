import { canDownloadAnswers, canListAnswers, canModerateBoard, canReadReport } from './dashboard-roles';

describe('dashboard roles', () => {
  it('lets owners, admins and department admins download and list answers', () => {
    expect(['owner', 'admin', 'department_admin', 'viewer', undefined].map(canDownloadAnswers)).toEqual([true, true, true, false, false]);
    expect(['owner', 'admin', 'department_admin', 'member', undefined].map(canListAnswers)).toEqual([true, true, true, false, false]);
  });

  it('keeps the company-wide report and board moderation to owners and admins', () => {
    expect(['owner', 'admin', 'department_admin', undefined].map(canReadReport)).toEqual([true, true, false, false]);
    expect(['owner', 'admin', 'department_admin', undefined].map(canModerateBoard)).toEqual([true, true, false, false]);
  });
});
