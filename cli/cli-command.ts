/** One `isobar <name>` command. `run` returns the process exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Full `--help` text. */
  usage: string;
  run(args: string[]): Promise<number>;
}
