/** `flare team …` and `flare role …`: the people, the roles and their on-call rotations. */
import { CLI } from '../../actions/context.js';
import { createPerson } from '../../actions/createPerson.js';
import { createRole } from '../../actions/createRole.js';
import { deletePerson } from '../../actions/deletePerson.js';
import { setRotation } from '../../actions/setRotation.js';
import { onCallOrder } from '../../domain/team.js';
import { listPeople, listRoles } from '../../store/queries/team.js';
import { table } from '../format.js';
import { asOptions } from '../options.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

interface AddOpts {
  name: string;
  email?: string;
  phone?: string;
  slack?: string;
  teams?: string;
  tz?: string;
  hours?: string;
  json?: boolean;
}

const ADD_NAMES = {
  name: '--name',
  email: '--email',
  phone: '--phone',
  slack: '--slack',
  teams: '--teams',
  time_zone: '--tz',
  working_hours: '--hours',
};

export const teamCommands: CommandModule = (program, run) => {
  const team = program.command('team').description('manage the people on the incident team');

  team
    .command('add')
    .description('add a person; their email, phone and Slack/Teams webhook get internal notices')
    .requiredOption('--name <name>', 'full name')
    .option('--email <address>', 'email address')
    .option('--phone <number>', 'mobile number in international form, e.g. +447700900123')
    .option('--slack <url|handle>', 'Slack incoming-webhook URL (notified) or @handle')
    .option('--teams <url|handle>', 'Teams incoming-webhook URL (notified) or handle')
    .option('--tz <zone>', 'IANA time zone, e.g. Europe/London (default Etc/UTC)')
    .option('--hours <hours>', 'working hours, e.g. "09:00-17:30 Mon-Fri" or "24/7"')
    .option('--json', 'print the person as JSON')
    .action((opts: AddOpts) =>
      run(async (app) => {
        const p = await asOptions(ADD_NAMES, () =>
          createPerson(app.ctx(CLI), {
            name: opts.name,
            email: opts.email,
            phone: opts.phone,
            slack: opts.slack,
            teams: opts.teams,
            time_zone: opts.tz,
            working_hours: opts.hours,
          }),
        );
        print(!!opts.json, p, () => `Added ${p.name} (${p.id})`);
      }),
    );

  team
    .command('list')
    .description('list the team: id, name, contact details, time zone and working hours')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      run(async (app) => {
        const people = await listPeople(app.store.db);
        print(!!opts.json, people, () =>
          table(
            ['ID', 'NAME', 'EMAIL', 'PHONE', 'TIME ZONE', 'HOURS'],
            people.map((p) => [
              p.id,
              p.name,
              p.email ?? '-',
              p.phone ?? '-',
              p.time_zone,
              p.working_hours ?? 'any time',
            ]),
            'No one on the team yet. Add someone with: flare team add --name NAME --email ADDRESS',
          ),
        );
      }),
    );

  team
    .command('remove')
    .description('remove a person and their internal subscriptions')
    .argument('<id>', 'person id (see `flare team list`)')
    .option('--force', 'also take them out of every on-call rotation')
    .action((id: string, opts: { force?: boolean }) =>
      run(async (app) => {
        await deletePerson(app.ctx(CLI), id, { force: !!opts.force });
        process.stdout.write(`Removed ${id}.\n`);
      }),
    );

  const role = program.command('role').description('manage roles and their on-call rotations');

  role
    .command('list')
    .description('list roles with their rotations, in on-call order')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      run(async (app) => {
        const roles = await listRoles(app.store.db);
        const now = app.clock.now();
        print(!!opts.json, roles, () =>
          table(
            ['KEY', 'NAME', 'ROTATION (ON CALL NOW FIRST)'],
            roles.map((r) => [
              r.key,
              r.builtin ? r.name : `${r.name} (custom)`,
              onCallOrder(r.rotation, now)
                .map((p) => p.name)
                .join(', ') || '-',
            ]),
          ),
        );
      }),
    );

  role
    .command('add')
    .description('add a custom role')
    .argument('<key>', 'lowercase snake case, e.g. security_lead')
    .requiredOption('--name <name>', 'name shown to people, e.g. "Security lead"')
    .option('--description <text>', 'what the role does, in one line')
    .option('--json', 'print the role as JSON')
    .action((key: string, opts: { name: string; description?: string; json?: boolean }) =>
      run(async (app) => {
        const r = await asOptions(
          { key: 'KEY', name: '--name', description: '--description' },
          () => createRole(app.ctx(CLI), { key, name: opts.name, description: opts.description }),
        );
        print(!!opts.json, r, () => `Added role ${r.key}: ${r.name}`);
      }),
    );

  role
    .command('rotation')
    .description("set a role's on-call rotation, first on call first")
    .argument('<key>', 'role key (see `flare role list`)')
    .argument('[person-ids...]', 'person ids in order (none clears the rotation)')
    .option('--json', 'print the role as JSON')
    .action((key: string, ids: string[], opts: { json?: boolean }) =>
      run(async (app) => {
        const r = await asOptions({ person_ids: 'PERSON_ID' }, () =>
          setRotation(app.ctx(CLI), key, { person_ids: ids }),
        );
        print(!!opts.json, r, () =>
          r.rotation.length
            ? `${r.name} rotation: ${r.rotation.map((p) => p.name).join(' → ')}`
            : `${r.name} rotation is now empty`,
        );
      }),
    );
};
