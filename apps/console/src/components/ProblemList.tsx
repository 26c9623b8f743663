/** The service's problems that have no field of their own on the form, named by their path. */
export function ProblemList({ problems }: { problems: [path: string, message: string][] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems">
      {problems.map(([path, message]) => (
        <li key={path}>
          {path}: {message}
        </li>
      ))}
    </ul>
  );
}
