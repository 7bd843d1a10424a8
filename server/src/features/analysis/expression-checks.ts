// Semantic checks (EPX1xx, check/expression.ts) of every expression in a configuration model,
// whichever format it was read from. The readers already report syntax errors (EPX0xx); this
// adds what the checker knows, with the options each mapping implies (mapping type, flow type,
// matching), positioned through each site's offset map. Runs in slices (Work.checkpoint).
//
// INTEGRATION POINT: when check/ gains a whole-model checker (scoping filters, target paths,
// duplicate targets), call it from here as well.
import { checkExpression, CheckExpressionOptions, FlowType } from '../../check/expression';
import { lookupSourceAttribute, SourceObjectName } from '../../catalog/source-attributes';
import type { AttributeMapping, MappingModel, ModelDiagnostic } from '../../model/types';
import type { Work } from '../scheduling';
import type { AnalysisDiagnostic } from './analyzer';

export function fromModelDiagnostic(d: ModelDiagnostic): AnalysisDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message, start: d.range.start, end: Math.max(d.range.start, d.range.end) };
}

function* attributeMappings(model: MappingModel): Generator<{ mapping: AttributeMapping; sourceObject: string | undefined }> {
  for (const rule of model.rules) {
    for (const om of rule.objectMappings) {
      for (const mapping of om.attributeMappings) yield { mapping, sourceObject: om.sourceObjectName };
    }
  }
}

function isReferenceAttribute(sourceObject: string | undefined): (name: string) => boolean {
  const object: SourceObjectName = sourceObject?.toLowerCase() === 'group' ? 'Group' : 'User';
  return (name) => {
    const found = lookupSourceAttribute(name, object);
    return (found.kind === 'found' || found.kind === 'casing') && found.attribute.type === 'Reference';
  };
}

/** Checks every expression site of the model; appends to `out`, at most `max` items in total. */
export async function checkModelExpressions(
  model: MappingModel,
  work: Work,
  out: AnalysisDiagnostic[],
  max: number,
): Promise<{ truncated: boolean }> {
  let truncated = false;
  for (const { mapping, sourceObject } of attributeMappings(model)) {
    await work.checkpoint();
    const site = mapping.source?.expression;
    if (!site || mapping.raw || !mapping.mappingType || mapping.mappingType === 'none') continue;
    const options: CheckExpressionOptions = {
      mappingType: mapping.mappingType,
      flowType: mapping.flowType as FlowType,
      matching: mapping.matchingPriority > 0,
      isReferenceAttribute: isReferenceAttribute(sourceObject),
    };
    for (const d of checkExpression(site.parse, options)) {
      if (out.length >= max) {
        truncated = true;
        break;
      }
      const start = site.exact ? site.toDocumentOffset(d.start) : site.range.start;
      const end = site.exact ? Math.max(start, site.toDocumentOffset(d.end)) : site.range.end;
      const item: AnalysisDiagnostic = { code: d.code, severity: d.severity, message: d.message, start, end };
      if (d.data && site.exact) item.data = d.data;
      out.push(item);
    }
  }
  return { truncated };
}
