/** CLI command modules. A new command is one file and one line here. */
import type { Command } from 'commander';
import type { RunCommand } from '../run.js';
import { serveCommands } from './serve.js';

export type CommandModule = (program: Command, run: RunCommand) => void;

export const commands: CommandModule[] = [serveCommands];
