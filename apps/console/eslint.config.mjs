// The console's own lint (browser code, TSX); the root config leaves apps/console to it.
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']", message: 'focused tests hide the rest of the suite' },
      ],
    },
  },
  { files: ['**/gateway/**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' }, languageOptions: { sourceType: 'commonjs' } },
];
