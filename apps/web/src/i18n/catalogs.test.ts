import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import fr from './fr.json';

const source = join(import.meta.dirname, '..');
const files = readdirSync(source, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));

describe('message catalogs', () => {
  it('have the same messages in English and French', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('have every message the code asks for by name', () => {
    const keys = new Set(Object.keys(en).flatMap((key) => [key, key.replace(/\.(one|other)$/, '')]));
    const missing = files.flatMap((file) =>
      [...readFileSync(join(source, file), 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[\w.]+)'/g)].map((match) => match[1]!).filter((key) => !keys.has(key)).map((key) => `${file}: ${key}`),
    );
    expect(missing).toEqual([]);
  });

  it('have a message, in both languages, for every error code the API defines', () => {
    const api = join(import.meta.dirname, '../../../api/src');
    const codes = readdirSync(api, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.errors.ts'))
      .flatMap((file) => [...readFileSync(join(api, file), 'utf8').matchAll(/'([A-Z][A-Z0-9_]{5,})'/g)].map((match) => match[1]!));
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((code) => !(`errors.code.${code}` in en) || !(`errors.code.${code}` in fr))).toEqual([]);
  });
});
