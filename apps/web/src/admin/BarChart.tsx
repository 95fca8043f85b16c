// A horizontal bar chart in plain HTML and CSS (no chart library in the staff chunk): each bar split into coloured
// parts, its label and value real text that wraps and zooms on a phone. The chart is one image named by its title;
// the same numbers follow in a table for screen readers and for copying.
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
      <div className="bars" role="img" aria-labelledby={`${id}-title`}>
        {bars.map((bar) => (
          <div key={bar.label} className="bar-row">
            <span className="bar-label">{bar.label}</span>
            <span className="bar-track">
              {bar.parts.map((part, index) => (
                <span key={part.label} className="bar-part" style={{ inlineSize: `${(Math.max(0, part.value) / largest) * 100}%`, background: COLOURS[index % COLOURS.length] }} />
              ))}
            </span>
            <span className="bar-value">{bar.note ?? format(bar.parts.reduce((sum, part) => sum + part.value, 0))}</span>
          </div>
        ))}
      </div>
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
