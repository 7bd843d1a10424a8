// .entramap documents: the mapping parser (language/mapping/) builds the model and reports
// syntax and structure problems; expression-checks.ts adds the semantic checks of every
// attribute-mapping expression.
import { parseMappingDocument } from '../../language/mapping';
import type { MappingModel } from '../../model/types';
import type { AnalysisDiagnostic, Analyzer } from './analyzer';
import { checkModelExpressions, fromModelDiagnostic } from './expression-checks';

export const mappingAnalyzer: Analyzer<MappingModel> = {
  id: 'entramap',
  kind: 'entramap',
  description: '.entramap mapping files: structure, expressions, semantic checks',

  async analyze(input, work) {
    const parsed = parseMappingDocument(input.text);
    const diagnostics: AnalysisDiagnostic[] = parsed.diagnostics.slice(0, input.maxDiagnostics).map(fromModelDiagnostic);
    let truncated = parsed.diagnostics.length > input.maxDiagnostics;
    const checked = await checkModelExpressions(parsed.model, work, diagnostics, input.maxDiagnostics);
    truncated ||= checked.truncated;
    return { model: parsed.model, diagnostics, truncated };
  },
};
