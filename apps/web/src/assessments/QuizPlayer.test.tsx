import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { I18nProvider } from '../i18n/i18n';
import type { Question } from './assessments';
import { QuizPlayer, storageKey } from './QuizPlayer';

const questions: Question[] = [
  { id: 'q1', prompt: 'Who authorises a mission?', choices: ['Security Council', 'General Assembly'], points: 1, scoring: 'all_or_nothing' },
  { id: 'q2', prompt: 'Which are protected?', choices: ['Civilians', 'Aid workers', 'Nobody'], points: 2, scoring: 'partial' },
];

function player(onSubmit = vi.fn(async () => undefined)) {
  render(
    <I18nProvider initial="en">
      <QuizPlayer assessmentId="quiz-1" questions={questions} onSubmit={onSubmit} />
    </I18nProvider>,
  );
  return onSubmit;
}

beforeEach(() => sessionStorage.clear());
afterEach(cleanup);

describe('QuizPlayer', () => {
  it('shows one question at a time and submits every answer, unanswered ones empty', async () => {
    const onSubmit = player();
    const user = userEvent.setup();
    expect(screen.getByText('Question 1 of 2')).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: 'Civilians' })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'Security Council' }));
    await user.click(screen.getByRole('button', { name: 'Next question' }));
    expect(screen.getByText('Question 2 of 2')).toBeTruthy();
    expect(screen.getByText('1 question has no answer yet.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Submit my answers' }));
    expect(onSubmit).toHaveBeenCalledWith({ q1: [0], q2: [] });
    await waitFor(() => expect(sessionStorage.getItem(storageKey('quiz-1'))).toBeNull());
  });

  it('keeps the answers in sessionStorage, so a reload picks up where the trainee was', async () => {
    player();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Next question' }));
    await user.click(screen.getByRole('checkbox', { name: 'Nobody' }));
    await user.click(screen.getByRole('checkbox', { name: 'Civilians' }));
    expect(JSON.parse(sessionStorage.getItem(storageKey('quiz-1'))!)).toEqual({ q2: [0, 2] });
    cleanup();
    player();
    await user.click(screen.getByRole('button', { name: 'Next question' }));
    expect((screen.getByRole('checkbox', { name: 'Civilians' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Aid workers' }) as HTMLInputElement).checked).toBe(false);
  });

  it('says the connection dropped, keeps the answers, and sends them again on retry', async () => {
    const onSubmit = vi.fn().mockRejectedValueOnce(new ApiError(0)).mockResolvedValueOnce(undefined);
    player(onSubmit);
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'General Assembly' }));
    await user.click(screen.getByRole('button', { name: 'Next question' }));
    await user.click(screen.getByRole('button', { name: 'Submit my answers' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The connection to the academy is lost.');
    expect(sessionStorage.getItem(storageKey('quiz-1'))).toBe(JSON.stringify({ q1: [1] }));
    await user.click(screen.getByRole('button', { name: 'Submit my answers' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ q1: [1], q2: [] });
    await waitFor(() => expect(sessionStorage.getItem(storageKey('quiz-1'))).toBeNull());
  });
});
