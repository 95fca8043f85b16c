import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { type GradeChange, GradebookGrid, type SaveOutcome } from './GradebookGrid';
import { cellKey, parseScore, pastedColumn } from './grid';

const columns = [
  { id: 'exam', title: 'Exam', maxScore: 20 },
  { id: 'essay', title: 'Essay', maxScore: 10 },
];
const rows = [
  { enrollmentId: 'e1', name: 'Awa', scores: { exam: 12, essay: null } },
  { enrollmentId: 'e2', name: 'Brian', scores: { exam: null, essay: null } },
  { enrollmentId: 'e3', name: 'Chantal', scores: { exam: null, essay: 7 } },
];

function grid(onSave: (changes: GradeChange[], reason: string) => Promise<SaveOutcome> = vi.fn(async () => new Map())) {
  render(
    <I18nProvider initial="en">
      <GradebookGrid columns={columns} rows={rows} onSave={onSave} />
    </I18nProvider>,
  );
  return onSave;
}
const cell = (assessment: string, name: string) => screen.getByRole('textbox', { name: `${assessment} score for ${name}` }) as HTMLInputElement;

function paste(target: HTMLElement, text: string) {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  fireEvent.paste(target, { clipboardData: data });
}

afterEach(cleanup);

describe('grid rules', () => {
  it('reads scores as people type them, and refuses the rest', () => {
    expect(parseScore(' 12,5 ', 20)).toEqual({ kind: 'score', value: 12.5 });
    expect(parseScore('', 20)).toEqual({ kind: 'empty' });
    expect(parseScore('21', 20)).toEqual({ kind: 'invalid', reason: 'range' });
    expect(parseScore('twelve', 20)).toEqual({ kind: 'invalid', reason: 'number' });
    expect(parseScore('-1', 20)).toEqual({ kind: 'invalid', reason: 'number' });
  });

  it('takes the first column of a pasted block and drops the trailing line break', () => {
    expect(pastedColumn('15\t x\r\n8\r\n\r\n12\r\n')).toEqual(['15', '8', '', '12']);
  });
});

describe('GradebookGrid', () => {
  it('moves between cells with the arrow keys and Enter', async () => {
    grid();
    const user = userEvent.setup();
    await user.click(cell('Exam', 'Awa'));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(cell('Exam', 'Brian'));
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(cell('Exam', 'Chantal'));
    // Right leaves the cell only from the end of its text.
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(cell('Essay', 'Chantal'));
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(document.activeElement).toBe(cell('Essay', 'Awa'));
  });

  it('fills a pasted column down from the cell it lands on, never past the last row', async () => {
    const onSave = grid();
    paste(cell('Exam', 'Brian'), '14\r\n9,5\r\n18\r\n');
    expect(cell('Exam', 'Brian').value).toBe('14');
    expect(cell('Exam', 'Chantal').value).toBe('9,5');
    expect(cell('Exam', 'Awa').value).toBe('12');
    expect(screen.getByText('2 scores pasted.')).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save grades' }));
    expect(onSave).toHaveBeenCalledWith(
      [
        { assessmentId: 'exam', enrollmentId: 'e2', score: 14 },
        { assessmentId: 'exam', enrollmentId: 'e3', score: 9.5 },
      ],
      '',
    );
  });

  it('marks a score out of range on its own cell and saves nothing until it is fixed', async () => {
    const onSave = grid();
    const user = userEvent.setup();
    await user.type(cell('Essay', 'Awa'), '11');
    expect(cell('Essay', 'Awa').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a score from 0 to 10.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save grades' }) as HTMLButtonElement).disabled).toBe(true);
    await user.clear(cell('Essay', 'Awa'));
    await user.type(cell('Essay', 'Awa'), '9');
    expect(cell('Essay', 'Awa').getAttribute('aria-invalid')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save grades' }));
    expect(onSave).toHaveBeenCalledTimes(1);
  });

  it('shows the rows the API refused on their cells, keeps their values, and sends the reason', async () => {
    const onSave = vi.fn(async (changes: GradeChange[]): Promise<SaveOutcome> => new Map([[cellKey(changes[1]!.enrollmentId, 'exam'), 'This trainee cannot be graded.']]));
    grid(onSave);
    const user = userEvent.setup();
    await user.clear(cell('Exam', 'Awa'));
    await user.type(cell('Exam', 'Awa'), '13');
    await user.type(cell('Exam', 'Brian'), '8');
    await user.type(screen.getByLabelText('Reason for changing existing grades'), 'Recount');
    await user.click(screen.getByRole('button', { name: 'Save grades' }));
    expect(onSave).toHaveBeenCalledWith(expect.any(Array), 'Recount');
    await waitFor(() => expect(cell('Exam', 'Brian').getAttribute('aria-invalid')).toBe('true'));
    const describedBy = cell('Exam', 'Brian').getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy)?.textContent).toBe('This trainee cannot be graded.');
    expect(cell('Exam', 'Brian').value).toBe('8');
    expect(screen.getByRole('status').textContent).toBe('1 grade saved. 1 grade was not saved: see the marked cell.');
  });
});
