// A command of the extension: one class per file (Bicep's pattern), registered by the
// CommandManager, which checks the id prefix, the workspace trust and reports failures.

export const COMMAND_PREFIX = 'entraProvisioning.';

export interface Command {
  /** `entraProvisioning.<name>`; contributed in package.json with the "Entra Provisioning" category. */
  readonly id: string;
  /**
   * True for commands that send data over the network (Test Connection, Provision on Demand):
   * in an untrusted workspace they refuse to run (package.json declares limited support).
   */
  readonly requiresTrust?: boolean;
  execute(...args: unknown[]): unknown;
}
