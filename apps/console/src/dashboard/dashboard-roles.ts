/** What each console role may do on an alert's dashboard; the services check it again. */
const answerExportRoles: readonly string[] = ['owner', 'admin', 'department_admin'];
const companyWideRoles: readonly string[] = ['owner', 'admin'];

/** Department admins too: their export holds the people in their subtrees only. */
export function canDownloadAnswers(role: string | undefined): boolean {
  return role !== undefined && answerExportRoles.includes(role);
}

/** Who answered what: department admins see the people in their subtrees only, as in the export. */
export function canListAnswers(role: string | undefined): boolean {
  return canDownloadAnswers(role);
}

/** The drill report counts the whole company, so it is for owners and admins. */
export function canReadReport(role: string | undefined): boolean {
  return role !== undefined && companyWideRoles.includes(role);
}

export function canModerateBoard(role: string | undefined): boolean {
  return role !== undefined && companyWideRoles.includes(role);
}
