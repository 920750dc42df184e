/**
 * Checks a model card against model-card.schema.json, the schema training/card.py also checks
 * on write. Node and build time only (Ajv compiles the schema to code at run time, which the
 * site's CSP forbids in the browser); the browser keeps parseModelCard's small checks.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parseModelCard, type ModelCard } from './model-card.ts';
import schema from './model-card.schema.json' with { type: 'json' };

const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile(schema);

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) =>
      `${e.instancePath || '(card)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`,
  );
}

/** The card's problems against the schema; empty when it matches. */
export function modelCardProblems(value: unknown): string[] {
  return validate(value) ? [] : describe(validate.errors);
}

/** A card that matches the schema, typed; throws naming every problem otherwise. */
export function validateModelCard(value: unknown, source = 'model card'): ModelCard {
  const problems = modelCardProblems(value);
  if (problems.length)
    throw new Error(`${source} does not match model-card.schema.json: ${problems.join('; ')}`);
  return parseModelCard(value);
}
