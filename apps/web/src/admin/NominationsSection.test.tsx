import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import type { Offering } from './admin';

// The API as seen from the page: every request recorded, each bulk call answered as the API would.
const requests: Array<{ url: string; type: string | null; body: string }> = [];
const fetchStub = vi.fn(async (input: Request) => {
  const body = await input.text();
  requests.push({ url: input.url, type: input.headers.get('content-type'), body });
  const dryRun = new URL(input.url).searchParams.get('dryRun') === 'true';
  const rows = body.trim().split('\n').slice(1);
  const results = rows.map((line, index) => {
    const email = line.split(',')[0]!;
    return email.includes('@')
      ? { row: index + 1, email, outcome: 'enrolled', userCreated: true, enrollment: { status: 'approved' } }
      : { row: index + 1, email, outcome: 'error', code: 'ENROLLMENT_BULK_INVALID_ROW', message: 'email must be an email address' };
  });
  const enrolled = results.filter((r) => r.outcome === 'enrolled').length;
  const summary = { rows: rows.length, enrolled, waitlisted: 0, failed: rows.length - enrolled, usersCreated: enrolled };
  return new Response(JSON.stringify({ dryRun, results, summary }), { status: 200, headers: { 'content-type': 'application/json' } });
});

let NominationsSection: typeof import('./NominationsSection').NominationsSection;
beforeAll(async () => {
  // The client takes the global fetch when it is made: stub it first.
  vi.stubGlobal('fetch', fetchStub);
  ({ NominationsSection } = await import('./NominationsSection'));
});
afterEach(() => {
  cleanup();
  requests.length = 0;
});

const offering = { id: '3f1c1a8e-8d1e-4c55-9a55-2b1f0f6c9d10' } as Offering;
const CSV = 'email,fullName\nawa@example.org,Awa Diallo\nnot-an-email,Broken\n';

function section() {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <I18nProvider initial="en">
        <NominationsSection offering={offering} />
      </I18nProvider>
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

describe('NominationsSection', () => {
  it('previews every row in a dry run, and imports only after the preview', async () => {
    const user = section();
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
    await user.type(screen.getByLabelText('CSV lines'), CSV);
    await user.click(screen.getByRole('button', { name: 'Preview the import' }));
    const preview = await screen.findByRole('table', { name: /What each row would do/ });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toMatch(/\/enrollments\/bulk\?dryRun=true$/);
    expect(requests[0]!.type).toBe('text/csv');
    expect(requests[0]!.body).toBe(CSV);
    expect(preview.textContent).toContain('Would be enrolled');
    expect(preview.textContent).toContain('Some of this row is not valid');

    await user.click(screen.getByRole('button', { name: 'Import 1 nomination' }));
    await screen.findByRole('heading', { name: 'Imported' });
    expect(requests).toHaveLength(2);
    expect(requests[1]!.url).toMatch(/\/enrollments\/bulk\?dryRun=false$/);
    expect(requests[1]!.body).toBe(CSV);
  });

  it('withdraws the preview when the lines change, so nothing unseen is imported', async () => {
    const user = section();
    await user.type(screen.getByLabelText('CSV lines'), CSV);
    await user.click(screen.getByRole('button', { name: 'Preview the import' }));
    await screen.findByRole('button', { name: 'Import 1 nomination' });
    await user.type(screen.getByLabelText('CSV lines'), 'pedro@example.org,Pedro\n');
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
    expect(requests).toHaveLength(1);
  });

  it('says what is missing, by the field, when there is nothing to preview', async () => {
    const user = section();
    await user.click(screen.getByRole('button', { name: 'Preview the import' }));
    const field = screen.getByLabelText('CSV lines');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('Choose a CSV file or paste its lines.');
    expect(requests).toHaveLength(0);
  });
});
