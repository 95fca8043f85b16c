import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AppError } from './app-error.js';
import { assertStorableInput, decodeBody, isStorableText, MAX_INPUT_DEPTH } from './input-checks.js';

const refused = (input: unknown) => {
  try {
    assertStorableInput(input, 'body');
    return undefined;
  } catch (error) {
    assert.ok(error instanceof AppError && error.code === 'VALIDATION_FAILED');
    return error.message;
  }
};

describe('the input check every request passes through', () => {
  it('accepts any well-formed Unicode text without NUL, whatever its script', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        fc.pre(!text.includes('\u0000'));
        return isStorableText(text);
      }),
    );
  });

  it('refuses any text with a NUL byte or an unpaired surrogate, wherever it sits', () => {
    const bad = fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff');
    fc.assert(
      fc.property(fc.string(), bad, fc.string(), (before, poison, after) => {
        // A high surrogate right before a low one pairs up: that is a real character, not the poison.
        fc.pre(!(poison >= '\udc00' && /[\ud800-\udbff]$/.test(before)) && !(poison <= '\udbff' && poison !== '\u0000' && /^[\udc00-\udfff]/.test(after)));
        return !isStorableText(before + poison + after);
      }),
    );
  });

  it('names where the bad text is: a value, deep in arrays, or an object key', () => {
    assert.match(refused({ questions: [{ choices: ['a', 'b\u0000'] }] })!, /body\.questions\[0\]\.choices\[1\]/);
    assert.match(refused({ answers: { '\ud800': [0] } })!, /a key of body\.answers/);
    assert.equal(refused({ title: 'Protection des civils — 保护平民 🕊️', tags: [1, true, null] }), undefined);
  });

  it('refuses nesting deeper than the limit without recursing, even 100,000 levels deep', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.match(refused(deep)!, /nested too deeply/);
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = { a: ok };
    assert.equal(refused(ok), undefined);
  });

  it('decodes UTF-8 bodies and refuses bytes that are not UTF-8 instead of replacing them', () => {
    assert.equal(decodeBody(Buffer.from('Kigali, Rwanda — 🇷🇼')), 'Kigali, Rwanda — 🇷🇼');
    for (const bytes of [[0xff], [0xed, 0xa0, 0x80], [0xc3]]) assert.throws(() => decodeBody(Buffer.from(bytes)), /UTF-8/);
  });
});
