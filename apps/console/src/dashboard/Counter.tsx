/** One figure of a counters list (`<dl className="counters">`): its label and its value. */
export function Counter({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="counter">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
