// Reading spec/requirements.yaml, the registry every scenario's requirement IDs are checked against.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { specFile } from './spec-files.js';
import type { Registry, Requirement } from '../model/requirements.js';

export async function loadRegistry(file = specFile('requirements.yaml')): Promise<Registry> {
  const doc = parse(await readFile(file, 'utf8')) as {
    spec_version: string;
    sections?: { id: string; title: string }[];
    requirements: Requirement[];
  };
  return { specVersion: String(doc.spec_version), sections: doc.sections ?? [], requirements: doc.requirements };
}
