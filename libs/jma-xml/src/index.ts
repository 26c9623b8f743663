export { parseJmaReport, type JmaReport, type OtherJmaReport, type ParseJmaReportOptions } from './parse-jma-report';
export { JmaParseError, type JmaParseErrorReason } from './jma-parse-error';
export { DEFAULT_MAX_INPUT_BYTES } from './xml/read-xml-document';
export { JMA_NAMESPACES } from './jma-namespaces';
export type { InfoType, ReportControl, ReportHead, ReportStatus } from './report-header';
export {
  SEISMIC_INTENSITY_SCALE,
  compareIntensity,
  intensityAtLeast,
  isSeismicIntensity,
  parseSeismicIntensity,
  type SeismicIntensity,
} from './seismic-intensity';
export type {
  IntensityObservation,
  IntensityRevision,
  PrefectureIntensity,
  SeismicIntensityReport,
  SeismicIntensityReportType,
} from './seismic-intensity-report';
export type { Hypocentre } from './hypocentre';
export type { TsunamiForecast, TsunamiForecastItem, TsunamiReport, UnmappedTsunamiArea } from './tsunami-report';
export { TSUNAMI_CATEGORY_BY_KIND_CODE, tsunamiCategoryOfKindCode, type TsunamiCategory } from './tsunami-category';
export { TSUNAMI_FORECAST_AREAS, tsunamiForecastAreaByCode, type TsunamiForecastArea } from './tsunami-forecast-areas';
export { PREFECTURES, isPrefectureCode, prefectureByCode, type Prefecture, type PrefectureCode } from './prefectures';
export { ATOM_NAMESPACE, DEFAULT_MAX_FEED_BYTES, parseJmaAtomFeed, type JmaFeedEntry } from './atom-feed';
export { SPECIAL_WARNING_KIND_CODES, type SpecialWarningArea, type SpecialWarnings, type WeatherWarningReport } from './special-warnings';
