// Graph synchronizationSchema JSON documents: the schema reader (schema/read.ts) builds the same
// model as an .entramap file and reports JSON and structure problems and the syntax errors inside
// `expression` strings (positioned through JSON escapes); expression-checks.ts adds the semantic
// checks.
import type { MappingModel } from '../../model/types';
import { parseGraphSchema } from '../../schema';
import type { AnalysisDiagnostic, Analyzer } from './analyzer';
import { checkModelExpressions, fromModelDiagnostic } from './expression-checks';

export const graphJsonAnalyzer: Analyzer<MappingModel> = {
  id: 'graph-json',
  kind: 'graph-json',
  description: 'Graph synchronizationSchema JSON: structure, expressions, semantic checks',

  async analyze(input, work) {
    const parsed = parseGraphSchema(input.text);
    const diagnostics: AnalysisDiagnostic[] = parsed.diagnostics.slice(0, input.maxDiagnostics).map(fromModelDiagnostic);
    let truncated = parsed.diagnostics.length > input.maxDiagnostics;
    const checked = await checkModelExpressions(parsed.model, work, diagnostics, input.maxDiagnostics);
    truncated ||= checked.truncated;
    return { model: parsed.model, diagnostics, truncated };
  },
};
