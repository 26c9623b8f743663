/**
 * Namespace URIs published for 気象庁防災情報XML (https://xml.kishou.go.jp/). Elements are
 * matched by these URIs, never by prefix text: a sender may bind any prefix (or none).
 */
export const JMA_NAMESPACES = {
  report: 'http://xml.kishou.go.jp/jmaxml1/',
  informationBasis: 'http://xml.kishou.go.jp/jmaxml1/informationBasis1/',
  elementBasis: 'http://xml.kishou.go.jp/jmaxml1/elementBasis1/',
  meteorologyBody: 'http://xml.kishou.go.jp/jmaxml1/body/meteorology1/',
  seismologyBody: 'http://xml.kishou.go.jp/jmaxml1/body/seismology1/',
  volcanologyBody: 'http://xml.kishou.go.jp/jmaxml1/body/volcanology1/',
} as const;

export const JMA_BODY_NAMESPACES: readonly string[] = [
  JMA_NAMESPACES.meteorologyBody,
  JMA_NAMESPACES.seismologyBody,
  JMA_NAMESPACES.volcanologyBody,
];
