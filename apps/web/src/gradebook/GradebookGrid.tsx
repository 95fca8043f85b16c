// The gradebook as a grid of score inputs: arrow keys move between cells, a column pasted from a spreadsheet
// fills down from the cell it lands on, and changes are saved together; a row the API refuses keeps its value and
// shows the reason on its own cell.
import { type ClipboardEvent, type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { TableScroll } from '../layout/Page';
import { type CellKey, cellKey, move, parseScore, pastedColumn, pasteTargets } from './grid';

export interface GridColumn {
  id: string;
  title: string;
  maxScore: number;
}
export interface GridRow {
  enrollmentId: string;
  name: string;
  scores: Record<string, number | null>;
}
export interface GradeChange {
  assessmentId: string;
  enrollmentId: string;
  score: number;
}
/** Cells the API refused, with a message for each. */
export type SaveOutcome = Map<CellKey, string>;

interface Props {
  columns: GridColumn[];
  rows: GridRow[];
  onSave: (changes: GradeChange[], reason: string) => Promise<SaveOutcome>;
  onHistory?: (assessmentId: string, enrollmentId: string) => void;
  extra?: (row: GridRow) => React.ReactNode;
  extraHeaders?: React.ReactNode;
}

export function GradebookGrid({ columns, rows, onSave, onHistory, extra, extraHeaders }: Props) {
  const { t, number } = useI18n();
  const [edits, setEdits] = useState<Map<CellKey, string>>(new Map());
  const [serverErrors, setServerErrors] = useState<SaveOutcome>(new Map());
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState('');
  const [saving, setSaving] = useState(false);
  const inputs = useRef(new Map<CellKey, HTMLInputElement>());
  const rowIds = rows.map((row) => row.enrollmentId);

  const original = (row: GridRow, column: GridColumn) => {
    const score = row.scores[column.id];
    return score === null || score === undefined ? '' : String(score);
  };
  const valueOf = (row: GridRow, column: GridColumn) => edits.get(cellKey(row.enrollmentId, column.id)) ?? original(row, column);

  const localErrors = useMemo(() => {
    const errors = new Map<CellKey, string>();
    for (const [key, text] of edits) {
      const column = columns.find((c) => key.endsWith(`|${c.id}`));
      if (!column) continue;
      const parsed = parseScore(text, column.maxScore);
      if (parsed.kind === 'invalid') errors.set(key, parsed.reason === 'number' ? t('validation.number') : t('validation.range', { max: number(column.maxScore) }));
    }
    return errors;
  }, [edits, columns, t, number]);

  const changes = useMemo(() => {
    const list: GradeChange[] = [];
    for (const row of rows)
      for (const column of columns) {
        const key = cellKey(row.enrollmentId, column.id);
        const text = edits.get(key);
        if (text === undefined || text.trim() === original(row, column)) continue;
        const parsed = parseScore(text, column.maxScore);
        if (parsed.kind === 'score' && parsed.value !== row.scores[column.id]) list.push({ assessmentId: column.id, enrollmentId: row.enrollmentId, score: parsed.value });
      }
    return list;
  }, [edits, rows, columns]);

  const setCell = (key: CellKey, text: string) => {
    setEdits((current) => new Map(current).set(key, text));
    setServerErrors((current) => {
      if (!current.has(key)) return current;
      const next = new Map(current);
      next.delete(key);
      return next;
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>, rowIndex: number, columnIndex: number) => {
    const input = event.currentTarget;
    // Left and right move between cells only from the text's edge, so they still move the caret inside it.
    if (event.key === 'ArrowLeft' && input.selectionStart !== 0) return;
    if (event.key === 'ArrowRight' && input.selectionEnd !== input.value.length) return;
    const target = move(rowIndex, columnIndex, event.key, rows.length, columns.length);
    if (!target) return;
    event.preventDefault();
    const next = inputs.current.get(cellKey(rows[target[0]]!.enrollmentId, columns[target[1]]!.id));
    next?.focus();
    next?.select();
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>, rowIndex: number, column: GridColumn) => {
    const values = pastedColumn(event.clipboardData.getData('text/plain'));
    if (values.length < 2) return; // one value: an ordinary paste into this cell
    event.preventDefault();
    const targets = pasteTargets(values, rowIds, rowIndex, column.id);
    setEdits((current) => {
      const next = new Map(current);
      for (const [key, value] of targets) next.set(key, value);
      return next;
    });
    setStatus(t('gradebook.pasted', { count: targets.length }));
  };

  const save = async () => {
    setSaving(true);
    setStatus('');
    try {
      const refused = await onSave(changes, reason.trim());
      setServerErrors(refused);
      // Saved cells take the server's value from the refreshed gradebook; refused ones keep what was typed.
      setEdits((current) => new Map([...current].filter(([key]) => refused.has(key))));
      // A reason explains one correction: the next one asks for its own.
      if (refused.size === 0) setReason('');
      const saved = changes.length - refused.size;
      setStatus([saved > 0 ? t('gradebook.saved', { count: saved }) : '', refused.size > 0 ? t('gradebook.failed', { count: refused.size }) : ''].filter(Boolean).join(' '));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="gradebook">
      <TableScroll label={t('teach.gradebook')}>
        <table className="grid">
          <caption>{t('gradebook.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gradebook.trainee')}</th>
              {columns.map((column) => (
                <th scope="col" key={column.id} className="number">
                  {column.title} <span className="muted">/ {number(column.maxScore)}</span>
                </th>
              ))}
              {extraHeaders}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, rowIndex) => (
              <tr key={row.enrollmentId}>
                <th scope="row">{row.name}</th>
                {columns.map((column, columnIndex) => {
                  const key = cellKey(row.enrollmentId, column.id);
                  const error = localErrors.get(key) ?? serverErrors.get(key);
                  const dirty = edits.has(key) && edits.get(key)!.trim() !== original(row, column);
                  const errorId = `error-${key}`;
                  return (
                    <td key={column.id} className={`number${dirty ? ' dirty' : ''}`}>
                      <input
                        ref={(element) => {
                          if (element) inputs.current.set(key, element);
                          else inputs.current.delete(key);
                        }}
                        inputMode="decimal"
                        autoComplete="off"
                        aria-label={t('gradebook.cell', { assessment: column.title, name: row.name })}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? errorId : undefined}
                        value={valueOf(row, column)}
                        onChange={(event) => setCell(key, event.target.value)}
                        onKeyDown={(event) => onKeyDown(event, rowIndex, columnIndex)}
                        onPaste={(event) => onPaste(event, rowIndex, column)}
                      />
                      {error && (
                        <span id={errorId} className="cell-error">
                          {error}
                        </span>
                      )}
                      {onHistory && row.scores[column.id] !== null && row.scores[column.id] !== undefined && (
                        <button type="button" className="link-button" onClick={() => onHistory(column.id, row.enrollmentId)}>
                          {t('gradebook.history')}
                          <span className="visually-hidden">: {t('gradebook.historyOf', { assessment: column.title, name: row.name })}</span>
                        </button>
                      )}
                    </td>
                  );
                })}
                {extra?.(row)}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <div className="form narrow">
        <div className="field">
          <label htmlFor="grade-reason">{t('gradebook.reason')}</label>
          <p className="hint" id="grade-reason-hint">
            {t('gradebook.reasonHint')}
          </p>
          <input id="grade-reason" aria-describedby="grade-reason-hint" value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
        </div>
        <div className="actions">
          <button type="button" className="primary" disabled={saving || changes.length === 0 || localErrors.size > 0} onClick={() => void save()}>
            {t('gradebook.save')}
          </button>
          <span className="muted">{t('gradebook.unsaved', { count: changes.length })}</span>
        </div>
        <p role="status">{status}</p>
      </div>
    </div>
  );
}
