import { waitFor } from '@anpi/testing';
import { Secret, TOTP } from 'otpauth';
import type { Locator, Page } from 'playwright-core';
import { ConsoleStack, ports } from './console-stack';

const activationLinkPattern = new RegExp(`http://127\\.0\\.0\\.1:${ports.gateway}/activate#token=[^\\s"<>]+`);

/**
 * A company of one browser test's own, with its owner: signed up and activated through the
 * gateway's public API, as the sign-up and activation screens would do it (console.int-spec.ts
 * drives those screens themselves). Each test run gets new names, so runs never collide.
 */
export class TestCompany {
  readonly suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  readonly slug: string;
  readonly displayName: string;
  readonly ownerEmail: string;

  constructor(
    private readonly stack: ConsoleStack,
    what: string,
    readonly password: string,
  ) {
    this.slug = `${what}-${this.suffix}`;
    this.displayName = `${what} 検証 ${this.suffix}`;
    this.ownerEmail = `owner-${this.suffix}@example.test`;
  }

  /** The company signs up and its owner sets the password from the activation e-mail. */
  async signUp(): Promise<void> {
    await this.gateway('tenant', 'POST', '/v1/tenants/signup', {
      body: { slug: this.slug, displayName: this.displayName, defaultLanguage: 'ja', allowPlainHttpAnswerLinks: false, owner: { email: this.ownerEmail, displayName: '検証 花子' } },
      headers: { 'idempotency-key': `signup-${this.slug}` },
    });
    await this.activate(this.ownerEmail);
  }

  /** Sets the password from the latest activation link mailed to `address` (an invited colleague's too). */
  async activate(address: string, password = this.password): Promise<void> {
    await this.gateway('auth', 'POST', '/v1/account-activations', { body: { token: tokenOf(await this.activationLinkTo(address)), password } });
  }

  /** An access token of the owner, from the log-in the console uses. */
  async ownerToken(): Promise<string> {
    return (await this.gateway<{ accessToken: string }>('auth', 'POST', '/v1/sessions', { body: { tenant: this.slug, email: this.ownerEmail, password: this.password } })).accessToken;
  }

  /**
   * Sets up two-step verification for an owner or admin through the API, as the console's set-up
   * does it (the key, then a first code computed from it); answers the authenticator for later codes.
   */
  async enrollTwoStep(email: string, password = this.password): Promise<TOTP> {
    const credentials = { tenant: this.slug, email, password };
    const { secret } = await this.gateway<{ secret: string }>('auth', 'POST', '/v1/mfa/enrollment', { body: credentials });
    const authenticator = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
    await this.gateway('auth', 'POST', '/v1/mfa/enrollment/confirmation', { body: { ...credentials, oneTimeCode: authenticator.generate() } });
    return authenticator;
  }

  /** The latest activation link mailed to `address`. */
  activationLinkTo(address: string): Promise<string> {
    return waitFor(() => this.stack.mail.mailsTo(address).map((mail) => activationLinkPattern.exec(mail.text)?.[0]).filter(Boolean).pop(), {
      timeoutMs: 60_000,
      what: `an activation link for ${address}`,
    });
  }

  /** Logs in on the console by the fields' names, whatever the language of the screen. */
  async logIn(page: Page, email = this.ownerEmail, password = this.password): Promise<void> {
    await page.goto(`${this.stack.consoleUrl}/login`);
    await page.locator('input[name=tenant]').fill(this.slug);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
    await page.locator('nav').waitFor();
  }

  /** One service's public API through the console's gateway. */
  async gateway<T>(service: 'tenant' | 'auth' | 'dispatch' | 'responses', method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<T> {
    const response = await fetch(`${this.stack.consoleUrl}/api/${service}${path}`, {
      method,
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}

/** The token as the console's /activate screen reads it from the link's fragment. */
const tokenOf = (link: string) => decodeURIComponent(link.split('#token=')[1]);

/** Waits until the element's text contains `text` (a number: is exactly it); the failure says what the page showed instead. */
export async function expectText(locator: Locator, text: string, timeoutMs = 30_000): Promise<void> {
  // Counters must match exactly ("3" is not "13"); sentences may carry more around them.
  const matches = (shown: string | null) => (/^\d+$/.test(text) ? shown?.trim() === text : shown?.includes(text));
  await waitFor(async () => (matches(await locator.textContent().catch(() => null)) ? true : undefined), { timeoutMs, intervalMs: 200, what: `"${text}"` }).catch(async (error: Error) => {
    throw new Error(`${error.message}; the page shows "${await locator.textContent().catch(() => '(nothing)')}"`);
  });
}

/** The control named `name` in `scope` is marked invalid, and its description (the message under it) says `message`. */
export async function expectFieldError(scope: Locator, name: string, message: string): Promise<void> {
  const control = scope.locator(`[name="${name}"]`);
  await waitFor(async () => ((await control.getAttribute('aria-invalid')) === 'true' ? true : undefined), { timeoutMs: 15_000, what: `${name} marked invalid` });
  const describedBy = (await control.getAttribute('aria-describedby')) ?? '';
  const descriptions = await Promise.all(describedBy.split(' ').filter(Boolean).map((id) => scope.locator(`[id="${id}"]`).textContent()));
  expect(descriptions.join(' ')).toContain(message);
}
