// The sample user of inline evaluation: the client sends the selected user (from a workspace
// `*.users.json` file) with entraProvisioning/sampleUser; hover shows what each mapping produces
// for it and inlay hints show the values beside the mappings and the scope verdicts. A change
// asks the client to refresh its inlay hints (workspace/inlayHint/refresh).
import { SampleUserNotification, SampleUserParams } from '../protocol';
import type { SampleOptions } from './document';
import type { Feature, FeatureContext } from './feature';

export class SampleUserStore {
  private user: Record<string, unknown> | undefined;
  private name: string | undefined;
  private readonly listeners: (() => void)[] = [];

  /** The options the document services take (empty without a sample). */
  get options(): SampleOptions {
    return this.user ? { sampleUser: this.user, sampleName: this.name } : {};
  }

  get current(): Record<string, unknown> | undefined {
    return this.user;
  }

  set(params: SampleUserParams): void {
    const u = params.user;
    this.user = u && typeof u === 'object' && !Array.isArray(u) ? u : undefined;
    this.name = this.user && typeof params.name === 'string' && params.name.trim() ? params.name : undefined;
    for (const l of this.listeners) l();
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }
}

export class SampleUserFeature implements Feature {
  readonly id = 'sampleUser';

  register(ctx: FeatureContext): void {
    ctx.connection.onNotification(SampleUserNotification.type, (params) => {
      ctx.sample.set(params ?? { user: null });
      // the user's values stay out of the log
      ctx.log.info(ctx.sample.current ? `sample user selected${params?.source ? ` from ${params.source}` : ''}` : 'sample user cleared');
    });
  }
}
