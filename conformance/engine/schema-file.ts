// The --schema-file dump, read through the same step a schema URL is: a GET on ${target.schema_file}
// (its file: URL) is answered here, from the file, as the schema description that URL would serve.
// Every other request goes to the network as usual.
import type { Target } from '../model/target.js';
import { readSchemaFile, schemaFileUrl } from '../plan/schema-file.js';
import { TransportError, type HttpClient } from './http.js';

export function withSchemaFile(client: HttpClient, target: Target): HttpClient {
  if (target.schemaFile === undefined) return client;
  const path = target.schemaFile;
  const url = schemaFileUrl(path);
  return {
    async send(req, signal) {
      if (req.url !== url) return client.send(req, signal);
      if (req.method !== 'GET') throw new TransportError('invalid-request', 'ESCHEMAFILE', `the schema file ${path} can only be read (GET), not sent a ${req.method}`);
      try {
        // Read at each request, as a URL would be fetched: the file is the user's, and may change between runs.
        const description = await readSchemaFile(path);
        return { status: 200, headers: [['content-type', 'application/json']], body: JSON.stringify(description) };
      } catch (err) {
        throw new TransportError('other', 'ESCHEMAFILE', (err as Error).message);
      }
    },
    close: () => client.close(),
  };
}
