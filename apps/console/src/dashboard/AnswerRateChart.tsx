import { useTranslation } from '../app/console-context';
import { answerRateGeometry, TimelinePoint } from './answer-rate-chart-geometry';

const width = 600;
const height = 200;

/** Answer rate over time; the figure has a text equivalent for screen readers. */
export function AnswerRateChart({ timeline, recipients }: { timeline: TimelinePoint[]; recipients: number }) {
  const { t, language } = useTranslation();
  const geometry = answerRateGeometry(timeline, recipients, width, height);
  const percent = (geometry.latestRate * 100).toFixed(1);
  const minutes = Math.round(geometry.spanSeconds / 60);
  return (
    <figure className="chart">
      <figcaption>{t('dashboard.chart')}</figcaption>
      <svg viewBox={`-40 -10 ${width + 50} ${height + 30}`} role="img" aria-label={`${t('dashboard.rate')} ${percent}% (${minutes} min)`}>
        {[0, 0.25, 0.5, 0.75, 1].map((step) => (
          <g key={step}>
            <line x1={0} x2={width} y1={height - step * height} y2={height - step * height} className="chart-grid" />
            <text x={-6} y={height - step * height + 4} textAnchor="end" className="chart-label">
              {step * 100}%
            </text>
          </g>
        ))}
        <text x={width} y={height + 18} textAnchor="end" className="chart-label">
          {language === 'ja' ? `${minutes} 分` : `${minutes} min`}
        </text>
        <polyline points={geometry.points} className="chart-line" />
      </svg>
      {timeline.length === 0 && <p className="hint">{t('dashboard.chartEmpty')}</p>}
    </figure>
  );
}
