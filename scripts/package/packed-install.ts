// Packs the package as npm would publish it, installs the tarball into an empty folder (runtime
// dependencies only, no build step) and runs the installed CLI twice: the embedded run, and --url
// against the installed reference server. Proves the published files are enough to run the suite.
// Exit 0 when both runs conform and the tarball holds nothing of tests or fixtures.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'bearer-pack-'));
let failed = false;

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function check(ok: boolean, what: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed = true;
}

try {
  const [packed] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work], root)) as {
    filename: string; entryCount: number; unpackedSize: number; files: { path: string }[];
  }[];
  console.log(`tarball ${packed.filename}: ${packed.entryCount} files, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked`);
  const stray = packed.files.map((f) => f.path).filter((p) => /^(test|fixtures|scripts|dist\/(test|fixtures|scripts))\//.test(p) || p.endsWith('.map') || p.endsWith('.ts'));
  check(stray.length === 0, `no tests, fixtures, scripts, sources or source maps in the tarball${stray.length ? `: ${stray.slice(0, 5).join(', ')}` : ''}`);

  const app = join(work, 'app');
  sh('mkdir', ['-p', app], work);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check', version: '1.0.0', private: true }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)], app);

  const embedded = spawnSync('npx', ['--no-install', 'bearer-conformance'], { cwd: app, encoding: 'utf8' });
  check(embedded.status === 0 && /Verdict: CONFORMING/.test(embedded.stdout), `npx bearer-conformance (embedded reference) exits 0, CONFORMING (exit ${embedded.status})`);

  // The installed reference server, then the installed suite against it by URL. The bin is started
  // directly, not through npx, so that killing it stops the server and not only a wrapper.
  const server = spawn(join(app, 'node_modules', '.bin', 'bearer-reference'), ['--port', '0', '--host', '127.0.0.1'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.on('exit', (code) => reject(new Error(`bearer-reference exited ${code} before listening: ${out}`)));
  });
  try {
    const byUrl = spawnSync('npx', ['--no-install', 'bearer-conformance', '--url', url], { cwd: app, encoding: 'utf8' });
    check(byUrl.status === 0 && /Verdict: CONFORMING/.test(byUrl.stdout), `npx bearer-conformance --url ${url} exits 0, CONFORMING (exit ${byUrl.status})`);
  } finally {
    server.kill('SIGTERM');
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  failed = true;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
