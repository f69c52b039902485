// Fails when a source file outgrows what one reader takes in at once: 400
// lines for any file (tests, test utilities and generated code aside), and
// 150 for the backend's router, which only wires the routes together.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const LIMIT = 400;
const LIMITS = { 'plugins/release-trains-backend/src/service/router.ts': 150 };
const EXEMPT = /(\.test\.tsx?$|__testUtils__\/|\/generated\/|\.d\.ts$)/;

const files = execFileSync(
  'git',
  [
    'ls-files',
    '--cached',
    '--others',
    '--exclude-standard',
    'plugins',
    'packages',
  ],
  {
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter(
    file => /\.(ts|tsx)$/.test(file) && !EXEMPT.test(file) && existsSync(file),
  );

const tooLong = files.flatMap(file => {
  const lines = readFileSync(file, 'utf8').split('\n').length - 1;
  const limit = LIMITS[file] ?? LIMIT;
  return lines > limit ? [`${file}: ${lines} lines (at most ${limit})`] : [];
});

if (tooLong.length > 0) {
  console.error(`Split these files:\n  ${tooLong.join('\n  ')}`);
  process.exit(1);
}
console.log(`${files.length} source files within their line limits`);
