import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';

const fetchMock = vi.fn<typeof fetch>();

async function page(path: string) {
  history.replaceState(null, '', path);
  // The client keeps the fetch it finds when it loads: stubbed first, then the page imported.
  vi.stubGlobal('fetch', fetchMock);
  const { PasswordFromLinkPage } = await import('./PasswordFromLinkPage');
  render(
    <I18nProvider initial="en">
      <PasswordFromLinkPage purpose="invite" />
    </I18nProvider>,
  );
}

beforeEach(() => fetchMock.mockReset());
afterEach(cleanup);

describe('PasswordFromLinkPage', () => {
  it('says a link without a token is broken and offers a new one', async () => {
    await page('/set-password');
    expect(screen.getByRole('alert').textContent).toContain('This link is unknown, already used or expired');
    expect(screen.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/forgot-password');
  });

  it('refuses a short password and two different ones without asking the API', async () => {
    await page('/set-password?token=abc');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Password'), 'too-short');
    await user.click(screen.getByRole('button', { name: 'Save my password' }));
    expect(await screen.findByText('The password needs at least 12 characters.')).toBeTruthy();
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'long-enough-password');
    await user.type(screen.getByLabelText('Type the password again'), 'long-enough-passworf');
    await user.click(screen.getByRole('button', { name: 'Save my password' }));
    expect(await screen.findByText('The two passwords are not the same.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("sends the link's token with the password, then says so; a spent link is explained", async () => {
    await page('/set-password?token=the-token');
    const user = userEvent.setup();
    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ statusCode: 400, error: 'Bad Request', message: 'x', code: 'AUTH_TOKEN_INVALID' }), { status: 400, headers: { 'content-type': 'application/json' } }),
    );
    await user.type(screen.getByLabelText('Password'), 'long-enough-password');
    await user.type(screen.getByLabelText('Type the password again'), 'long-enough-password');
    await user.click(screen.getByRole('button', { name: 'Save my password' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This link is unknown, already used or expired');

    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await user.click(screen.getByRole('button', { name: 'Save my password' }));
    expect(await screen.findByText('Your password is set. You can now sign in with it.')).toBeTruthy();
    const request = fetchMock.mock.calls[1]![0] as Request;
    expect(new URL(request.url).pathname).toBe('/api/v1/auth/password/reset');
    expect(await request.json()).toEqual({ token: 'the-token', password: 'long-enough-password' });
  });
});
