import { z } from 'zod';

/**
 * Disaster reports are about Japan, not about a tenant, but every envelope carries a tenant id.
 * This reserved id (the nil UUID, never issued to a company) marks an installation-wide event.
 */
export const INSTALLATION_TENANT_ID = '00000000-0000-0000-0000-000000000000';

const prefectureCode = z.string().regex(/^(0[1-9]|[1-3][0-9]|4[0-7])$/);
const seismicIntensity = z.enum(['1', '2', '3', '4', '5-', '5+', '6-', '6+', '7']);

/**
 * disaster.event v1 — one JMA report (気象庁防災情報XML) accepted by dispatch, already parsed and
 * validated: dispatch's rule engine consumes it. `reportId` is ours (one per accepted report);
 * `jmaEventId` + `serial` are JMA's (a later serial of the same EventID is the same event; warnings
 * reports carry no EventID, so theirs is `<publishing office>:<JST date>`).
 * `status` drill/test and `infoType` cancelled must never produce a real alert.
 */
export const disasterEventV1Schema = z
  .object({
    reportId: z.uuid(),
    source: z.enum(['poll', 'push']),
    jmaEventId: z.string().min(1).max(200),
    serial: z.number().int().min(0).nullable(),
    status: z.enum(['normal', 'drill', 'test']),
    infoType: z.enum(['issued', 'corrected', 'cancelled']),
    reportType: z.enum(['VXSE51', 'VXSE53', 'VTSE41', 'VPWW53']),
    title: z.string().min(1).max(200),
    headline: z.string().max(2000),
    reportDateTime: z.iso.datetime({ offset: true }),
    /** Strongest intensity per prefecture (seismic reports; empty otherwise). */
    intensities: z.array(z.object({ prefectureCode, maxIntensity: seismicIntensity }).strict()).max(47),
    /** Strongest tsunami category in force per prefecture (VTSE41; empty otherwise). */
    tsunami: z
      .array(z.object({ prefectureCode, category: z.enum(['major-tsunami-warning', 'tsunami-warning', 'tsunami-advisory']) }).strict())
      .max(47),
    /** 特別警報 in force per prefecture (VPWW53; empty otherwise), e.g. ['大雨特別警報']. */
    specialWarnings: z.array(z.object({ prefectureCode, kinds: z.array(z.string().min(1).max(20)).min(1).max(10) }).strict()).max(47),
  })
  .strict();

export type DisasterEventV1 = z.infer<typeof disasterEventV1Schema>;

/**
 * disaster.cancellation-notice v1 — JMA withdrew (取消) a report that had triggered alerts of this
 * tenant. Alerts not yet sent were closed; the ones already sent are listed for the crisis team,
 * who decide whether to tell employees. Ids only.
 */
export const disasterCancellationNoticeV1Schema = z
  .object({
    jmaEventId: z.string().min(1).max(200),
    closedAlertIds: z.array(z.uuid()).max(1000),
    alreadySentAlertIds: z.array(z.uuid()).max(1000),
  })
  .strict();

export type DisasterCancellationNoticeV1 = z.infer<typeof disasterCancellationNoticeV1Schema>;
