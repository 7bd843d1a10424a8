// entraProvisioning/serverInfo and entraProvisioning/analysisStats: what the client logs after
// start, and the pipeline counters tests and performance work read.
import { AnalysisStats, AnalysisStatsRequest, ServerInfo, ServerInfoRequest } from '../protocol';
import type { Feature, FeatureContext } from './feature';
import { SERVER_NAME } from './host';

export class ServerInfoFeature implements Feature {
  readonly id = 'serverInfo';

  register(ctx: FeatureContext): void {
    ctx.connection.onRequest(ServerInfoRequest.type, async (): Promise<ServerInfo> => {
      await ctx.settings.whenReady(); // report the effective settings, not the defaults
      return {
        name: SERVER_NAME,
        version: ctx.version,
        pid: process.pid,
        node: process.version,
        uptimeMs: Math.round(process.uptime() * 1000),
        analyzers: ctx.analysis.registry.list().map((a) => ({
          id: a.id,
          kind: a.kind,
          description: a.description,
        })),
        settings: ctx.settings.current,
        memory: (({ rss, heapUsed, external }) => ({ rss, heapUsed, external }))(process.memoryUsage()),
      };
    });
    ctx.connection.onRequest(AnalysisStatsRequest.type, (): AnalysisStats => ({
      ...ctx.analysis.stats(),
      published: ctx.counters.published,
      parses: ctx.parsed.parses,
      parseHits: ctx.parsed.hits,
      incrementalParses: ctx.parsed.incremental,
    }));
  }
}
