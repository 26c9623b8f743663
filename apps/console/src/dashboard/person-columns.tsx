import type { Column } from '../components/VirtualTable';
import { prefectureName } from '../i18n/prefectures';
import type { Language, MessageKey } from '../i18n/messages';
import type { KnownContacts } from './directory-contacts';
import { nameShown } from './non-responder-view';

/** A person of a dashboard list: who they are to response collection (no names) and where they sit. */
interface ListedPerson {
  recipientId: string;
  employeeNumber: string | null;
  departmentIds: string[];
  workPrefecture: string | null;
}

/** Narrow tables (the answer list carries more columns) give these less room. */
export interface PersonColumnWidths {
  number: string;
  name: string;
  department?: string;
  prefecture: string;
}

/**
 * The columns both lists open with — employee number, name and mobile phone (a `tel:` link)
 * from the directory, departments and work prefecture — so the crisis team reads, and calls,
 * a non-responder and an injured person alike.
 */
export function personColumns<Row extends ListedPerson>(
  { contacts, departmentNames, t, language }: { contacts: KnownContacts; departmentNames: ReadonlyMap<string, string>; t: (key: MessageKey) => string; language: Language },
  widths: PersonColumnWidths,
): Column<Row>[] {
  return [
    { header: t('directory.number'), cell: (row) => row.employeeNumber ?? '—', width: widths.number },
    { header: t('directory.name'), cell: (row) => nameShown(row, contacts), width: widths.name },
    {
      header: t('directory.mobilePhone'),
      cell: (row) => {
        const phone = contacts.get(row.recipientId)?.mobilePhone;
        return phone ? <a href={`tel:${phone}`}>{phone}</a> : '—';
      },
      width: '10rem',
    },
    { header: t('dashboard.department'), cell: (row) => row.departmentIds.map((id) => departmentNames.get(id) ?? '—').join('、') || '—', width: widths.department, wrap: true },
    { header: t('directory.prefecture'), cell: (row) => (row.workPrefecture ? prefectureName(row.workPrefecture, language) : '—'), width: widths.prefecture },
  ];
}
