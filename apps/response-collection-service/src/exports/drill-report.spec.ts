import { DrillReport, drillReportLines } from './drill-report';

const report: DrillReport = {
  alertId: 'a',
  title: '訓練',
  drill: true,
  openedAt: '2026-11-26T00:00:00.000Z',
  recipients: 4,
  responded: 2,
  responseRate: 0.5,
  medianSecondsToAnswer: 45,
  timeline: [
    { secondsSinceOpen: 30, responded: 1 },
    { secondsSinceOpen: 60, responded: 2 },
  ],
  departments: [{ departmentId: 'd1', name: '=営業部', recipients: 2, responded: 1, responseRate: 0.5, medianSecondsToAnswer: 30 }],
};

describe('drillReportLines', () => {
  it('lists the whole company, each department, then the answer-rate curve', () => {
    expect(drillReportLines(report, 'ja')).toEqual([
      '部署,部署ID,対象者数,回答者数,回答率,回答までの時間(中央値・秒)\r\n',
      '全体,,4,2,50.0%,45\r\n',
      "'=営業部,d1,2,1,50.0%,30\r\n",
      '\r\n',
      '経過秒数,累計回答者数,回答率\r\n',
      '30,1,25.0%\r\n',
      '60,2,50.0%\r\n',
    ]);
  });
});
