// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const pureCoreBans = {
  paths: [
    { name: 'vscode', message: 'src/core is pure: no VS Code API here.' },
    { name: 'fs', message: 'src/core is pure: pass text in, do I/O in the server or CLI.' },
    { name: 'path', message: 'src/core is pure: use the posix helpers in src/core/util.' },
    { name: 'child_process', message: 'src/core is pure.' },
  ],
  patterns: [
    { group: ['node:*'], message: 'src/core is pure: no Node built-ins.' },
    { group: ['vscode-*', 'vscode-languageserver*', 'vscode-languageclient*'], message: 'src/core is pure.' },
    {
      group: ['**/server/**', '**/extension/**', '**/cli/**', '**/webview/**'],
      message: 'src/core depends on nothing outside it.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', 'test/fixtures/**', 'bench/results/**'],
  },
  // the tooling (.mjs scripts, bench, the code-server runner): JavaScript rules, Node globals
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  // TypeScript: type-checked rules
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              name: ['describe', 'test', 'it', 'suite', 'before', 'after'],
              package: 'node:test',
            },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-eval': 'error',
      'no-implied-eval': 'off',
      '@typescript-eslint/no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pureCoreBans] },
  },
  {
    // the protocol may name its methods with vscode-jsonrpc's RequestType/NotificationType (pure data)
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...pureCoreBans,
          patterns: pureCoreBans.patterns.map((p) =>
            p.group.includes('vscode-*') ? { ...p, group: [...p.group, '!vscode-jsonrpc'] } : p,
          ),
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
);
