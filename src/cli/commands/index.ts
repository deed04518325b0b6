/** CLI command modules. A new command is one file and one line here. */
import type { Command } from 'commander';
import type { RunCommand } from '../run.js';
import { accountCommands } from './accounts.js';
import { approvalCommands } from './approval.js';
import { componentCommands } from './component.js';
import { debriefCommands } from './debrief.js';
import { debriefActionCommands } from './debriefActions.js';
import { declareCommands } from './declare.js';
import { deliveryCommands } from './deliveries.js';
import { demoCommands } from './demo.js';
import { drillCommands } from './drill.js';
import { exportCommands } from './export.js';
import { importCommands } from './import.js';
import { incidentCommands } from './incident.js';
import { maintenanceCommands } from './maintenance.js';
import { outreachCommands } from './outreach.js';
import { planCommands } from './plan.js';
import { serveCommands } from './serve.js';
import { severityCommands } from './severity.js';
import { signinCommands } from './signin.js';
import { slaCommands } from './sla.js';
import { subscriberCommands } from './subscribers.js';
import { teamCommands } from './team.js';
import { templateCommands } from './template.js';
import { tokenCommands } from './token.js';
import { workerCommands } from './worker.js';

export type CommandModule = (program: Command, run: RunCommand) => void;

export const commands: CommandModule[] = [
  serveCommands,
  importCommands,
  tokenCommands,
  signinCommands,
  componentCommands,
  incidentCommands,
  maintenanceCommands,
  demoCommands,
  exportCommands,
  workerCommands,
  subscriberCommands,
  teamCommands,
  severityCommands,
  deliveryCommands,
  declareCommands,
  templateCommands,
  approvalCommands,
  planCommands,
  drillCommands,
  accountCommands,
  outreachCommands,
  slaCommands,
  debriefCommands,
  debriefActionCommands,
];
