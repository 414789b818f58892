const SIZE_CLASS_LABELS = [
  "4 KiB",
  "8 KiB",
  "16 KiB",
  "32 KiB",
  "64 KiB",
  "128 KiB",
  "256 KiB",
  "512 KiB",
  "1 MiB",
];

/** The playground page. */
export function App() {
  return (
    <main>
      <h1>Pool Playground</h1>
      <ul aria-label="Size classes">
        {SIZE_CLASS_LABELS.map((label, k) => (
          <li key={label} data-testid={`class-${k}`} data-free={0} data-held={0} data-capacity={4}>
            {label}
          </li>
        ))}
      </ul>
    </main>
  );
}
