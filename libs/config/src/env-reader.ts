// Reads one variable at a time into a typed value; a wrong value stops start-up with one line naming the variable
// and what it must be. Kept by hand rather than on envalid or env-schema: there each check here (hop counts or
// proxy addresses, Ed25519 JWKs, durations, bounded integers) would be a custom validator anyway, and the one-line
// ConfigError would need a reporter of its own (envalid's default one logs and exits the process).
import { isIP } from 'node:net';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export class EnvReader {
  constructor(private readonly env: Env) {}

  fail(name: string, problem: string): never {
    throw new ConfigError(`Invalid configuration: ${name} ${problem}.`);
  }

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  string(name: string, fallback?: string): string {
    const value = this.optional(name) ?? fallback;
    if (value === undefined) this.fail(name, 'is required');
    return value;
  }

  pattern(name: string, fallback: string, pattern: RegExp, hint: string): string {
    const value = this.string(name, fallback);
    if (!pattern.test(value)) this.fail(name, `is not valid (${hint})`);
    return value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.fail(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.fail(name, `must be true or false (got "${raw}")`);
  }

  /** false, a hop count, or proxy addresses (IPs or CIDR ranges, comma-separated); never "trust every hop". */
  trustProxy(name: string): false | number | string[] {
    const raw = this.optional(name);
    if (raw === undefined || ['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
    if (/^\d+$/.test(raw)) return this.int(name, 0, 1, 100);
    const addresses = raw.split(',').map((part) => part.trim()).filter(Boolean);
    const isAddress = (value: string) => {
      const [ip, bits, ...rest] = value.split('/');
      const version = isIP(ip ?? '');
      return version !== 0 && rest.length === 0 && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128)));
    };
    if (addresses.length === 0 || !addresses.every(isAddress)) {
      this.fail(name, `must be a hop count or a comma-separated list of proxy addresses (got "${raw}")`);
    }
    return addresses;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(value)) this.fail(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
    return value as T;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.string(name, fallback);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.fail(name, `is not a valid URL (expected ${protocols[0]}//…)`);
    }
    if (!protocols.includes(url.protocol)) this.fail(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    return value;
  }

  /** A private JWK given as JSON, or null when unset. */
  jwk(name: string): string | null {
    const raw = this.optional(name);
    if (raw === undefined) return null;
    let key: unknown;
    try {
      key = JSON.parse(raw);
    } catch {
      this.fail(name, 'must be a JWK written as JSON');
    }
    const { kty, crv, d } = (key ?? {}) as Record<string, unknown>;
    if (kty !== 'OKP' || crv !== 'Ed25519' || typeof d !== 'string') this.fail(name, 'must be an Ed25519 private JWK (kty OKP, crv Ed25519, with d)');
    return raw;
  }

  /** "900", "900s", "15m", "12h" or "30d", in seconds. */
  duration(name: string, fallback: string): number {
    const raw = this.optional(name) ?? fallback;
    const match = /^(\d+)\s*(s|m|h|d)?$/.exec(raw);
    const seconds = match ? Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] ?? 's']! : 0;
    if (!match || seconds < 1) this.fail(name, `must be a duration such as 900, 15m, 12h or 30d (got "${raw}")`);
    return seconds;
  }
}
