// A horizontal bar chart in plain SVG (no chart library in the staff chunk): each bar split into coloured parts,
// with a text label and value a person can read. The SVG is an image described by its title; the same numbers
// follow in a table for screen readers and for copying.
import { useId } from 'react';
import { useI18n } from '../i18n/i18n';
import { TableScroll } from '../layout/Page';

export interface BarPart {
  label: string;
  value: number;
}
export interface Bar {
  label: string;
  parts: BarPart[];
  /** Shown at the bar's end instead of the total, e.g. a percentage. */
  note?: string;
}

// Colours distinguishable with common colour-vision deficiencies (Okabe–Ito), all ≥ 3:1 against white.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8a6d00', '#56606b'];
const ROW = 28;
const LABEL_WIDTH = 120;
const WIDTH = 420;

export function BarChart({
  title,
  bars,
  rowHeading,
  noteHeading = '',
  format = String,
  max,
}: {
  title: string;
  bars: Bar[];
  rowHeading: string;
  noteHeading?: string;
  format?: (value: number) => string;
  max?: number;
}) {
  const { t } = useI18n();
  const id = useId();
  const legend = bars[0]?.parts.map((part) => part.label) ?? [];
  const largest = max ?? Math.max(1, ...bars.map((bar) => bar.parts.reduce((sum, part) => sum + part.value, 0)));
  const plot = WIDTH - LABEL_WIDTH - 60;
  const height = bars.length * ROW + 8;
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {legend.length > 1 && (
        <ul className="legend" aria-hidden="true">
          {legend.map((label, index) => (
            <li key={label}>
              <span className="swatch" style={{ background: COLOURS[index % COLOURS.length] }} />
              {label}
            </li>
          ))}
        </ul>
      )}
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title`} preserveAspectRatio="xMinYMin meet">
        {bars.map((bar, row) => {
          let x = LABEL_WIDTH;
          const total = bar.parts.reduce((sum, part) => sum + part.value, 0);
          return (
            <g key={bar.label} transform={`translate(0 ${row * ROW + 4})`}>
              <text x={LABEL_WIDTH - 8} y={ROW / 2} dominantBaseline="middle" textAnchor="end" className="chart-label">
                {bar.label.length > 15 ? `${bar.label.slice(0, 14)}…` : bar.label}
              </text>
              {bar.parts.map((part, index) => {
                const width = (part.value / largest) * plot;
                const rect = <rect key={part.label} x={x} y={4} width={Math.max(0, width)} height={ROW - 8} fill={COLOURS[index % COLOURS.length]} />;
                x += width;
                return rect;
              })}
              <text x={x + 6} y={ROW / 2} dominantBaseline="middle" className="chart-value">
                {bar.note ?? format(total)}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{t('admin.chart.numbers')}</summary>
        <TableScroll label={title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{rowHeading}</th>
                {legend.map((label) => (
                  <th key={label} scope="col" className="number">
                    {label}
                  </th>
                ))}
                {bars.some((bar) => bar.note) && (
                  <th scope="col" className="number">
                    {noteHeading}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.label}>
                  <th scope="row">{bar.label}</th>
                  {bar.parts.map((part) => (
                    <td key={part.label} className="number">
                      {format(part.value)}
                    </td>
                  ))}
                  {bar.note !== undefined && <td className="number">{bar.note}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}
