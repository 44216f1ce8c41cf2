// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', '.data/', 'coverage/', 'node_modules/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `async` without `await` is how Promise interfaces (botbuilder's Storage, TeamsMessenger, restify 12 handlers)
      // are implemented here: it turns a synchronous throw into a rejection, which is the point.
      '@typescript-eslint/require-await': 'off',
      // AbortSignal.reason is `any` by definition, and rejecting with it is how an aborted call ends (until-aborted.ts).
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // The convention tsc's noUnusedLocals/noUnusedParameters follow: a leading underscore marks "deliberately unused".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read what came over the wire (activities, connector calls, rendered cards) and assert on it. Typing every
    // field would restate the card templates and the Bot Framework schema in types; the assertions are the check.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    // Plain CommonJS files (scripts/start.cjs runs before anything is compiled): require() is their import.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: { process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', console: 'readonly' },
    },
  },
);
