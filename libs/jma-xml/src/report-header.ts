import { z } from 'zod';
import { JMA_NAMESPACES } from './jma-namespaces';
import { JmaParseError } from './jma-parse-error';
import { optionalChild, optionalText, requiredText, type XmlElement } from './xml/xml-element';

/** Control/Status. Only 'normal' is a real event: drills and tests must never alert anyone. */
export type ReportStatus = 'normal' | 'drill' | 'test';

/** Head/InfoType. A cancellation withdraws every earlier report with the same EventID. */
export type InfoType = 'issued' | 'corrected' | 'cancelled';

export interface ReportControl {
  readonly title: string;
  /** ISO 8601, as sent (UTC with `Z`). */
  readonly dateTime: string;
  readonly status: ReportStatus;
  readonly editorialOffice: string;
  readonly publishingOffice: string;
}

export interface ReportHead {
  readonly title: string;
  /** ISO 8601 with the offset JMA sent (normally +09:00). */
  readonly reportDateTime: string;
  readonly targetDateTime: string | null;
  /** Groups the reports about one event; VTSE41 may list several IDs separated by spaces. */
  readonly eventId: string | null;
  readonly infoType: InfoType;
  /** 情報番号: rises within an EventID. Empty on some first reports (e.g. VXSE51). */
  readonly serial: number | null;
  readonly infoKind: string;
  readonly infoKindVersion: string;
  readonly headline: string;
}

const STATUS_BY_TEXT: ReadonlyMap<string, ReportStatus> = new Map([
  ['通常', 'normal'],
  ['訓練', 'drill'],
  ['試験', 'test'],
]);

const INFO_TYPE_BY_TEXT: ReadonlyMap<string, InfoType> = new Map([
  ['発表', 'issued'],
  ['訂正', 'corrected'],
  ['取消', 'cancelled'],
]);

const isoDateTime = z.iso.datetime({ offset: true });

const REPORT = JMA_NAMESPACES.report;
const HEAD = JMA_NAMESPACES.informationBasis;

export function readControl(control: XmlElement): ReportControl {
  return {
    title: requiredText(control, REPORT, 'Title'),
    dateTime: parseDateTime(requiredText(control, REPORT, 'DateTime'), 'Control/DateTime'),
    status: fromCodeTable(STATUS_BY_TEXT, requiredText(control, REPORT, 'Status'), 'Control/Status'),
    editorialOffice: requiredText(control, REPORT, 'EditorialOffice'),
    publishingOffice: requiredText(control, REPORT, 'PublishingOffice'),
  };
}

export function readHead(head: XmlElement): ReportHead {
  const targetDateTime = optionalText(head, HEAD, 'TargetDateTime');
  return {
    title: requiredText(head, HEAD, 'Title'),
    reportDateTime: parseDateTime(requiredText(head, HEAD, 'ReportDateTime'), 'Head/ReportDateTime'),
    targetDateTime: targetDateTime === undefined ? null : parseDateTime(targetDateTime, 'Head/TargetDateTime'),
    eventId: optionalText(head, HEAD, 'EventID') ?? null,
    infoType: fromCodeTable(INFO_TYPE_BY_TEXT, requiredText(head, HEAD, 'InfoType'), 'Head/InfoType'),
    serial: parseSerial(optionalText(head, HEAD, 'Serial')),
    infoKind: requiredText(head, HEAD, 'InfoKind'),
    infoKindVersion: requiredText(head, HEAD, 'InfoKindVersion'),
    headline: readHeadlineText(head),
  };
}

function readHeadlineText(head: XmlElement): string {
  const headline = optionalChild(head, HEAD, 'Headline');
  return headline ? (optionalText(headline, HEAD, 'Text') ?? '') : '';
}

function fromCodeTable<T>(table: ReadonlyMap<string, T>, text: string, where: string): T {
  const value = table.get(text);
  if (value === undefined) {
    throw new JmaParseError('invalid-value', `${where} "${text}" is not one of ${[...table.keys()].join(', ')}`);
  }
  return value;
}

function parseDateTime(text: string, where: string): string {
  if (!isoDateTime.safeParse(text).success) {
    throw new JmaParseError('invalid-value', `${where} "${text}" is not an ISO 8601 date-time`);
  }
  return text;
}

function parseSerial(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d{1,9}$/.test(text)) {
    throw new JmaParseError('invalid-value', `Head/Serial "${text}" is not a report number`);
  }
  return Number(text);
}
