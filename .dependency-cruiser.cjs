/**
 * The layout's rules, checked by `npm test` (dependency-cruiser): no import circle; the core is pure (it imports
 * only the core, and no I/O); repositories and views import nothing from the features that use them.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'An import circle hides which module depends on which.', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core does no I/O and knows no front end, store or feature: it imports only src/core and pure libraries.',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '^node_modules/'], dependencyTypesNot: ['npm', 'npm-dev'] },
    },
    {
      name: 'core-does-no-io',
      severity: 'error',
      comment: 'No file system, processes or network in the core.',
      from: { path: '^src/core/' },
      to: { path: '^(fs|node:fs|fs/promises|node:fs/promises|child_process|node:child_process|net|node:net|http|node:http|https|node:https)$' },
    },
    {
      name: 'db-below-features',
      severity: 'error',
      comment: 'Repositories return core types and import nothing from features, views or front ends.',
      from: { path: '^src/db/' },
      to: { path: '^(src/(debate|score|views|discord|console|cli|app)/|commands/)' },
    },
    {
      name: 'views-below-features',
      severity: 'error',
      comment: 'Views build Replies from core types: no repositories, services or front ends.',
      from: { path: '^src/views/' },
      to: { path: '^(src/(db|debate|score|discord|console|cli|app|store)/|commands/)' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  },
};
