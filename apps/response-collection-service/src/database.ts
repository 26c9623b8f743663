import { DataSourceParts } from '@anpi/persistence';
import { KnownTenant } from '@anpi/tenant-projection';
import { Initial1764100000000 } from './migrations/1764100000000-initial';
import { Answers1764400000000 } from './migrations/1764400000000-answers';
import { Aggregates1764900000000 } from './migrations/1764900000000-aggregates';
import { DirectoryBreakdownsBoard1765300000000 } from './migrations/1765300000000-directory-breakdowns-board';
import { OneRoundTripAnswers1765400000000 } from './migrations/1765400000000-one-round-trip-answers';
import { ContactAttempts1765500000000 } from './migrations/1765500000000-contact-attempts';
import { BatchedAnswerWrites1765600000000 } from './migrations/1765600000000-batched-answer-writes';
import { BatchedLinkReads1765700000000 } from './migrations/1765700000000-batched-link-reads';
import { RobustLinkReadPlans1765800000000 } from './migrations/1765800000000-robust-link-read-plans';
import { AnswerPageLocale1765900000000 } from './migrations/1765900000000-answer-page-locale';
import { StaffAnswers1766000000000 } from './migrations/1766000000000-staff-answers';

export const responseCollectionServiceDatabase: DataSourceParts = {
  applicationName: 'response-collection-service',
  entities: [KnownTenant],
  migrations: [
    Initial1764100000000, Answers1764400000000, Aggregates1764900000000, DirectoryBreakdownsBoard1765300000000, OneRoundTripAnswers1765400000000, ContactAttempts1765500000000, BatchedAnswerWrites1765600000000, BatchedLinkReads1765700000000, RobustLinkReadPlans1765800000000,
    AnswerPageLocale1765900000000,
    StaffAnswers1766000000000,
  ],
};
