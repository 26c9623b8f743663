import { useCallback, useMemo, useState } from 'react';
import type { Question } from '../api/dispatch-api';
import type { AnswerFilter, ListedAnswer, ResponsesApi } from '../api/responses-api';
import { useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { VirtualTable } from '../components/VirtualTable';
import { answerFilterOptions, choicesInWords, writtenAnswers } from './answer-list-view';
import { departmentFilterOptions, DepartmentPlace, FilterChoice, filterOf, noFilter } from './non-responder-view';
import { ListCsvDownload } from './ListCsvDownload';
import { personColumns } from './person-columns';
import { PlaceFilterFields } from './PlaceFilterFields';
import { useDirectoryContacts } from './use-directory-contacts';
import { useListReadAsAnswersArrive } from './use-list-read-as-answers-arrive';

/**
 * Who answered what: by default everyone who gave the first question any answer but its first
 * ("safe") — the people who may need help — with their names and mobile phones from the
 * directory, what they wrote (where they are, a comment) and when. Any single answer of any
 * choice question can be listed instead (who cannot come to work, whose family is hurt), narrowed
 * by department and work prefecture; read again as answers arrive, like the non-responders.
 */
export function AnswersTable({ responses, alertId, responded, questions, departments }: { responses: ResponsesApi; alertId: string; responded: number; questions: Question[]; departments: DepartmentPlace[] }) {
  const { t, language } = useTranslation();
  const options = useMemo(() => answerFilterOptions(questions, language, (question, usual) => t('answerList.otherThan', { question, choice: usual })), [questions, language, t]);
  const [chosenKey, setChosenKey] = useState<string>();
  const chosen = options.find((option) => option.key === chosenKey) ?? options[0];
  const [place, setPlace] = useState<FilterChoice>(noFilter);
  // By value: the alert (and so its questions and these options) is read again every few seconds,
  // and a filter that only looked new would clear and reload the list each time.
  const filterKey = chosen ? JSON.stringify({ ...chosen.filter, ...filterOf(place) }) : '';
  const filter = useMemo(() => (filterKey ? (JSON.parse(filterKey) as AnswerFilter) : undefined), [filterKey]);
  const read = useCallback(
    (onPage: (soFar: ListedAnswer[]) => void, signal: AbortSignal) => (filter ? responses.allAnswers(alertId, filter, onPage, signal) : Promise.resolve([])),
    [responses, alertId, filter],
  );
  const { rows, error } = useListReadAsAnswersArrive(read, responded);
  const { contacts, lookupError } = useDirectoryContacts(useMemo(() => rows.map((row) => row.recipientId), [rows]));
  const departmentNames = useMemo(() => new Map(departments.map((department) => [department.id, department.name])), [departments]);
  const departmentChoices = useMemo(() => departmentFilterOptions(departments), [departments]);
  if (!chosen) return null;

  const namesLoading = lookupError === undefined && rows.some((row) => !contacts.has(row.recipientId));
  const columns = [
    ...personColumns<ListedAnswer>({ contacts, departmentNames, t, language }, { number: '6.5rem', name: '7.5rem', department: '7rem', prefecture: '5rem' }),
    { header: t('answerList.answer'), cell: (row: ListedAnswer) => choicesInWords(questions, row.answers, language) || '—', width: '9rem', wrap: true },
    // Where they are and what they said: what the crisis team reads before calling, so never cut short.
    { header: t('answerList.written'), cell: (row: ListedAnswer) => writtenAnswers(questions, row.answers) || '—', wrap: true },
    {
      header: t('answerList.answeredAt'),
      cell: (row: ListedAnswer) => (
        <>
          <time dateTime={row.answeredAt}>{new Date(row.answeredAt).toLocaleString(language, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })}</time>
          {row.recordedByStaff ? ` ${t('answerList.byStaff')}` : ''}
        </>
      ),
      width: '7.5rem',
    },
  ];
  return (
    <>
      <fieldset>
        <legend>{t('answerList.filter')}</legend>
        <div className="row">
          <Field label={t('answerList.which')}>
            {(id) => (
              <select id={id} value={chosen.key} onChange={(event) => setChosenKey(event.target.value)}>
                {options.map((option) => (
                  <option key={option.key} value={option.key}>
                    {option.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <PlaceFilterFields choice={place} onChange={setPlace} departments={departmentChoices} />
        </div>
      </fieldset>
      <p role="status" data-testid="answer-list-count">
        {t('answerList.count', { count: rows.length.toLocaleString(language), which: chosen.label })}
      </p>
      <p role="status" className="hint">
        {namesLoading ? t('nonResponders.namesLoading') : ''}
      </p>
      <ErrorNotice error={error ?? lookupError} />
      <VirtualTable rows={rows} columns={columns} rowKey={(row) => row.recipientId} label={t('answerList.heading')} height={320} />
      {filter && (
        <ListCsvDownload
          name="answer-list-csv-encoding"
          encodingLegend={t('answerList.csvEncoding')}
          buttonLabel={t('answerList.download')}
          fallbackFileName={`answers-${alertId}.csv`}
          testId="answer-list-download-status"
          fetchFile={(encoding) => responses.answersCsv(alertId, encoding, language, filter)}
        />
      )}
    </>
  );
}
