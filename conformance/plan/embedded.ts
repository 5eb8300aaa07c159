// The no-argument run: the reference server started in-process in every profile the suite needs,
// so `npm start` gives a full verdict with nothing else running. Servers bind 127.0.0.1 on a free
// port and are closed whatever happens.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Target, DEFAULT_ORIGIN } from '../model/target.js';
import { createReferenceServer } from '../../reference/index.js';
import { dumpSchemaUrl } from './schema-file.js';

/** The application-level exposed header the embedded targets declare, so BEARER-CORS-2 is judged. */
export const EMBEDDED_EXPOSED_HEADER = 'X-Request-Id';

/** The reference implements better-auth's exact surface, so the embedded run declares its profile. */
export const EMBEDDED_PROFILES: readonly string[] = ['better-auth'];

/** The embedded reference refreshes a session on every get-session, and says so: the refresh scenarios run without waiting. */
export const EMBEDDED_SESSION_UPDATE_AGE = 0;

export interface Profile {
  name: string;
  requireSignature: boolean;
}

/** permissive: require_signature false; signed-only: require_signature true. */
export const PROFILES: readonly Profile[] = [
  { name: 'permissive', requireSignature: false },
  { name: 'signed-only', requireSignature: true },
];

/**
 * Starts one reference server per profile, calls `use` with their targets, and closes every server
 * afterwards, also when `use` throws or a later server fails to start.
 */
export async function withEmbeddedTargets<T>(use: (targets: Target[]) => Promise<T>): Promise<T> {
  const closers: (() => Promise<void>)[] = [];
  try {
    const targets: Target[] = [];
    for (const profile of PROFILES) {
      // A fresh random secret per run: known to the runner (wire checks), never printed.
      const secret = randomBytes(32).toString('base64url');
      const server = await createReferenceServer({
        port: 0,
        host: '127.0.0.1',
        secret,
        requireSignature: profile.requireSignature,
        trustedOrigins: [DEFAULT_ORIGIN],
        exposeHeaders: [EMBEDDED_EXPOSED_HEADER],
        sessionUpdateAge: EMBEDDED_SESSION_UPDATE_AGE,
      });
      closers.push(() => server.close());
      // The reference's schema as a dump file too, so the --schema-file path is judged on every run.
      const dumpDir = await mkdtemp(join(tmpdir(), 'bearer-schema-'));
      closers.push(() => rm(dumpDir, { recursive: true, force: true }));
      const schemaFile = join(dumpDir, 'schema.txt');
      await dumpSchemaUrl(server.schemaUrl, schemaFile);
      targets.push(profileTarget(profile, { url: server.url, secret, schemaUrl: server.schemaUrl, schemaFile }));
    }
    return await use(targets);
  } finally {
    await Promise.allSettled(closers.map((close) => close()));
  }
}

/** A profile's target: the run gives its started server's URL, secret, schema URL and dump file; --list, placeholders. */
export function profileTarget(profile: Profile, server: { url: string; secret: string; schemaUrl: string; schemaFile: string }): Target {
  return {
    name: profile.name,
    url: server.url,
    requireSignature: profile.requireSignature,
    secret: server.secret,
    origin: DEFAULT_ORIGIN,
    schemaUrl: server.schemaUrl,
    schemaFile: server.schemaFile,
    exposedHeaders: [EMBEDDED_EXPOSED_HEADER],
    profiles: [...EMBEDDED_PROFILES],
    sessionUpdateAge: EMBEDDED_SESSION_UPDATE_AGE,
  };
}

/**
 * Whether a scenario belongs to a profile's run: every embedded profile offers the secret, the
 * schema URL, a schema file and exposed headers, so only require_signature decides. A scenario that needs neither
 * value runs in both profiles; each other scenario runs in exactly one, so none is reported skipped.
 */
export function profileRuns(profile: Pick<Target, 'requireSignature'>, scenario: { needs?: { require_signature?: boolean } }): boolean {
  const wanted = scenario.needs?.require_signature;
  return wanted === undefined || wanted === profile.requireSignature;
}
