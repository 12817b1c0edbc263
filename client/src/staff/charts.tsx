/** Plain SVG charts (no library): each has a text alternative and its numbers in a table. */

export interface Bar {
  label: string;
  value: number | null;
  note?: string;
}

export function BarChart({
  title,
  bars,
  format = (v) => String(v),
  max,
}: {
  title: string;
  bars: Bar[];
  format?: (v: number) => string;
  max?: number;
}) {
  const top = max ?? Math.max(1, ...bars.map((b) => b.value ?? 0));
  const rowH = 26;
  const labelW = 220;
  const width = 640;
  const barW = width - labelW - 70;
  const height = bars.length * rowH + 10;
  const summary = bars.map((b) => `${b.label}: ${b.value === null ? 'no data' : format(b.value)}`).join('; ');
  return (
    <figure>
      <figcaption className="label">{title}</figcaption>
      {bars.length ? (
        <svg
          role="img"
          aria-label={`${title}. ${summary}`}
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          style={{ maxWidth: width }}
        >
          {bars.map((b, i) => {
            const w = b.value === null ? 0 : Math.max(2, (b.value / top) * barW);
            return (
              <g key={b.label} transform={`translate(0 ${i * rowH + 5})`}>
                <text x={labelW - 8} y={rowH / 2 + 4} textAnchor="end">
                  {b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label}
                </text>
                <rect x={labelW} y={3} width={w} height={rowH - 8} fill="#0b5394" />
                <text x={labelW + w + 6} y={rowH / 2 + 4}>
                  {b.value === null ? 'no data' : format(b.value)}
                </text>
              </g>
            );
          })}
        </svg>
      ) : (
        <p>No data yet.</p>
      )}
    </figure>
  );
}

export function ColumnChart({
  title,
  columns,
  format = (v) => String(v),
}: {
  title: string;
  columns: Bar[];
  format?: (v: number) => string;
}) {
  const top = Math.max(1, ...columns.map((c) => c.value ?? 0));
  const width = 640;
  const height = 200;
  const colW = columns.length ? (width - 40) / columns.length : 0;
  const summary = columns.map((c) => `${c.label}: ${c.value ?? 0}`).join('; ');
  return (
    <figure>
      <figcaption className="label">{title}</figcaption>
      <svg
        role="img"
        aria-label={`${title}. ${summary}`}
        viewBox={`0 0 ${width} ${height + 40}`}
        width="100%"
        style={{ maxWidth: width }}
      >
        <line x1={30} y1={height} x2={width} y2={height} stroke="#4a525c" />
        {columns.map((c, i) => {
          const h = ((c.value ?? 0) / top) * (height - 20);
          const x = 36 + i * colW;
          return (
            <g key={c.label}>
              <rect x={x} y={height - h} width={Math.max(4, colW - 8)} height={h} fill="#a4161a" />
              <text x={x + (colW - 8) / 2} y={height - h - 4} textAnchor="middle">
                {format(c.value ?? 0)}
              </text>
              <text x={x + (colW - 8) / 2} y={height + 16} textAnchor="middle">
                {c.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
