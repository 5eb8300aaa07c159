// spec/core-schema.json: well-formed, valid against its own format, and equal to better-auth's core
// schema as better-auth 1.7.25 computes it (with and without the bearer plugin).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { getAuthTables } from 'better-auth/db';
import { bearer } from 'better-auth/plugins';
import { specPath } from './paths.js';

type Description = { tables: Record<string, { fields: string[] }> };

const core = JSON.parse(readFileSync(specPath('core-schema.json'), 'utf8')) as Description;
const format = JSON.parse(readFileSync(specPath('core-schema.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(format);

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

/** better-auth's tables as a description: getAuthTables leaves the primary key `id` implicit. */
function betterAuthDescription(tables: ReturnType<typeof getAuthTables>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, sorted(['id', ...Object.keys(t.fields)])]));
}

test('core-schema.json is valid against core-schema.schema.json', () => {
  assert.ok(validate(core), JSON.stringify(validate.errors));
});

test('the format rejects a missing tables key, a field list that is not an array, and a repeated field', () => {
  assert.not.ok(validate({ user: { fields: ['id'] } }));
  assert.not.ok(validate({ tables: { user: { fields: 'id' } } }));
  assert.not.ok(validate({ tables: { user: { fields: ['id', 'id'] } } }));
  assert.ok(validate({ tables: { user: { fields: ['id'] } }, extra: true }), 'other top-level keys are allowed');
});

test('it holds exactly the four core tables', () => {
  assert.equal(sorted(Object.keys(core.tables)), ['account', 'session', 'user', 'verification']);
});

test('every table has unique field names, its id among them', () => {
  for (const [name, table] of Object.entries(core.tables)) {
    assert.is(new Set(table.fields).size, table.fields.length, `${name} repeats a field`);
    assert.ok(table.fields.includes('id'), `${name} lacks id`);
  }
});

test('the field lists are those the spec names', () => {
  const expected: Record<string, string[]> = {
    user: ['id', 'name', 'email', 'emailVerified', 'image', 'createdAt', 'updatedAt'],
    session: ['id', 'expiresAt', 'token', 'createdAt', 'updatedAt', 'ipAddress', 'userAgent', 'userId'],
    account: [
      'id', 'accountId', 'providerId', 'userId', 'accessToken', 'refreshToken', 'idToken', 'accessTokenExpiresAt',
      'refreshTokenExpiresAt', 'scope', 'password', 'createdAt', 'updatedAt',
    ],
    verification: ['id', 'identifier', 'value', 'expiresAt', 'createdAt', 'updatedAt'],
  };
  for (const [name, fields] of Object.entries(expected)) assert.equal(sorted(core.tables[name]!.fields), sorted(fields), name);
});

test("it equals better-auth's own core schema (getAuthTables with default options)", () => {
  const mine = Object.fromEntries(Object.entries(core.tables).map(([name, t]) => [name, sorted(t.fields)]));
  assert.equal(mine, betterAuthDescription(getAuthTables({})));
});

test("better-auth's bearer plugin adds no table and no field", () => {
  assert.equal(betterAuthDescription(getAuthTables({ plugins: [bearer()] })), betterAuthDescription(getAuthTables({})));
});

test.run();
