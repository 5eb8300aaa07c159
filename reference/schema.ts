// The schema description served at GET {base}/schema: better-auth's core tables and their fields,
// plus whatever a plugin contributes. The real bearer plugin contributes nothing.

export interface SchemaDescription {
  tables: Record<string, { fields: string[] }>;
}

/** Extra fields a plugin adds, per table; a table not in the core schema is a new table. */
export type SchemaContribution = Record<string, string[]>;

export const CORE_SCHEMA: SchemaDescription = {
  tables: {
    user: { fields: ['id', 'name', 'email', 'emailVerified', 'image', 'createdAt', 'updatedAt'] },
    session: {
      fields: ['id', 'expiresAt', 'token', 'createdAt', 'updatedAt', 'ipAddress', 'userAgent', 'userId'],
    },
    account: {
      fields: [
        'id', 'accountId', 'providerId', 'userId', 'accessToken', 'refreshToken', 'idToken',
        'accessTokenExpiresAt', 'refreshTokenExpiresAt', 'scope', 'password', 'createdAt', 'updatedAt',
      ],
    },
    verification: { fields: ['id', 'identifier', 'value', 'expiresAt', 'createdAt', 'updatedAt'] },
  },
};

/** The core schema with a contribution merged in: new fields appended, new tables added. */
export function describeSchema(contribution: SchemaContribution = {}): SchemaDescription {
  const tables: SchemaDescription['tables'] = {};
  for (const [name, table] of Object.entries(CORE_SCHEMA.tables)) tables[name] = { fields: [...table.fields] };
  for (const [name, fields] of Object.entries(contribution)) {
    const table = (tables[name] ??= { fields: [] });
    for (const field of fields) if (!table.fields.includes(field)) table.fields.push(field);
  }
  return { tables };
}
