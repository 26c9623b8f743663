import { answerRateGeometry } from './answer-rate-chart-geometry';

describe('answerRateGeometry', () => {
  it('draws a step line from 0 % at the opening to the latest rate at the right edge', () => {
    const geometry = answerRateGeometry(
      [
        { secondsSinceOpen: 60, responded: 1 },
        { secondsSinceOpen: 120, responded: 2 },
      ],
      4,
      120,
      100,
    );
    expect(geometry.points).toBe('0,100 60,100 60,75 120,75 120,50 120,50');
    expect(geometry.latestRate).toBe(0.5);
    expect(geometry.spanSeconds).toBe(120);
  });

  it('stays flat at 0 % with no answers or no recipients, and never goes above 100 %', () => {
    expect(answerRateGeometry([], 10, 100, 50)).toEqual({ points: '0,50 100,50', spanSeconds: 60, latestRate: 0 });
    expect(answerRateGeometry([{ secondsSinceOpen: 10, responded: 3 }], 0, 60, 50).latestRate).toBe(0);
    expect(answerRateGeometry([{ secondsSinceOpen: 10, responded: 30 }], 10, 60, 50).latestRate).toBe(1);
  });
});
