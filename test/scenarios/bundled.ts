// The scenario files shipped with the suite, read as plain data for the authoring-rule tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RequirementShape, ScenarioData } from './rules.js';
import { packageFile } from '../../conformance/suite/spec-files.js';

export const SCENARIO_DIR = packageFile('conformance/scenarios');

export interface BundledFile {
  path: string;
  text: string;
  data: { format: string; scenarios: ScenarioData[] };
}

export function bundledFiles(): BundledFile[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const path = join(SCENARIO_DIR, f);
      const text = readFileSync(path, 'utf8');
      return { path, text, data: parse(text) as BundledFile['data'] };
    });
}

export function bundledScenarios(): ScenarioData[] {
  return bundledFiles().flatMap((f) => f.data.scenarios);
}

export function registry(): RequirementShape[] {
  const doc = parse(readFileSync(packageFile('spec/requirements.yaml'), 'utf8')) as { requirements: RequirementShape[] };
  return doc.requirements;
}
