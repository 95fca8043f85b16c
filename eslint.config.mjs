// Lint that catches real bugs, not style: floating promises, non-exhaustive switches, loose equality, stray any.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'scripts/**', 'eslint.config.mjs', 'apps/web/dist/**', 'apps/web/src/api/schema.d.ts', 'test-results/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe and it return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The academy's rules stay plain TypeScript: no ORM, no framework, no I/O, no other lib (the TypeORM
    // entities live in libs/database/src/entities).
    files: ['libs/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['typeorm', 'typeorm/*', '@nestjs/*', 'pg', 'ioredis', 'bullmq', 'pino', '@amahoro/*', '../../../*'], message: 'libs/domain imports nothing but itself.' },
            {
              group: ['node:*', '!node:crypto', '!node:test', '!node:assert', '!node:assert/*'],
              message: 'libs/domain does no I/O (node:crypto for randomness, node:test and node:assert in specs only).',
            },
          ],
        },
      ],
    },
  },
  {
    // Test helpers read whatever JSON the API answers.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
