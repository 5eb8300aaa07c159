// The runner's layers (issue 10): each folder of conformance/ imports only the folders before it in
// LAYERS, plus itself; index.ts (the API) imports any layer; nothing imports the CLI (cli.ts, args.ts,
// gate-args.ts) but the CLI; and there is no import circle. `npm test` runs this check (test/layers/),
// with fixtures/layers/ showing that an upward import and a circle fail it. Paths may sit under a
// fixture directory, hence (^|/) rather than ^.
/** @type {import('dependency-cruiser').IConfiguration} */
const LAYERS = ['model', 'suite', 'plan', 'engine', 'judge', 'report', 'reporters'];
const root = '(^|/)conformance/';
const CLI = `${root}(cli|args|gate-args)\\.ts$`;

const upward = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `${layer}/ imports only ${LAYERS.slice(0, i + 1).join(', ')}: imports point one way, model -> ... -> reporters -> API -> CLI.`,
  severity: 'error',
  from: { path: `${root}${layer}/` },
  to: { path: `${root}([^/]+\\.ts$|(${LAYERS.slice(i + 1).join('|') || 'none'})/)` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-cli-imports',
      comment: 'Nothing imports the command line; it is the last layer.',
      severity: 'error',
      from: { pathNot: CLI },
      to: { path: CLI },
    },
    {
      name: 'reference-stands-alone',
      comment: 'The reference server imports nothing of the runner (the runner may start it).',
      severity: 'error',
      from: { path: '(^|/)reference/' },
      to: { path: root },
    },
    {
      name: 'no-circular',
      comment: 'An import circle ties layers together; break it by moving what both need down a layer.',
      severity: 'error',
      from: { path: root },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type imported upward ties the layers as much as a value.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
