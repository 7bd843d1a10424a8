// Entra Provisioning: Show Output.
import type { SanitizedLogChannel } from '../infrastructure/output';
import type { Command } from './command';

export class ShowOutputCommand implements Command {
  readonly id = 'entraProvisioning.showOutput';

  constructor(private readonly output: SanitizedLogChannel) {}

  execute(): void {
    this.output.show(true);
  }
}
