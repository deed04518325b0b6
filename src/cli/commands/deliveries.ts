import { InvalidArgumentError } from 'commander';
import { CLI } from '../../actions/context.js';
import { requeueDeliveries } from '../../actions/requeueDeliveries.js';
import { channelList } from '../../channels/catalog.js';
import { notFound } from '../../domain/errors.js';
import {
  incidentExists,
  listIncidentDeliveries,
  summarizeIncidentDeliveries,
} from '../../store/queries/deliveries.js';
import { shortTime, table } from '../format.js';
import { asOptions, collect } from '../options.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

function whole(value: string): number {
  if (!/^\d{1,6}$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

const ms = (v: number | null) => (v === null ? '-' : `${v} ms`);

export const deliveryCommands: CommandModule = (program, run) => {
  const deliveries = program
    .command('deliveries')
    .description("inspect an incident's notification deliveries and requeue dead letters");

  deliveries
    .command('list')
    .description('summarise deliveries per channel and list them, oldest first')
    .requiredOption('--incident <id>', 'incident id')
    .option('--state <state>', 'only queued, sending, sent or dead')
    .option('--channel <channel>', `only this channel: ${channelList()}`)
    .option('--limit <n>', 'how many deliveries to list (at most 500)', whole, 50)
    .option('--json', 'print JSON')
    .action(
      (opts: {
        incident: string;
        state?: string;
        channel?: string;
        limit: number;
        json?: boolean;
      }) =>
        run(async (app) => {
          const db = app.store.db;
          if (!(await incidentExists(db, opts.incident))) throw notFound('incident', opts.incident);
          const summary = await summarizeIncidentDeliveries(db, opts.incident);
          const list = await listIncidentDeliveries(db, opts.incident, {
            state: opts.state,
            channel: opts.channel,
            limit: Math.min(Math.max(opts.limit, 1), 500),
          });
          print(!!opts.json, { summary, deliveries: list }, () =>
            [
              table(
                [
                  'CHANNEL',
                  'QUEUED',
                  'SENDING',
                  'SENT',
                  'DEAD',
                  'TOTAL',
                  'P50',
                  'P95',
                  'LAST SENT',
                ],
                summary.map((s) => [
                  s.channel,
                  String(s.queued),
                  String(s.sending),
                  String(s.sent),
                  String(s.dead),
                  String(s.total),
                  ms(s.p50_ms),
                  ms(s.p95_ms),
                  shortTime(s.last_sent_at),
                ]),
                'No deliveries for this incident.',
              ),
              '',
              table(
                ['KEY', 'CHANNEL', 'STATE', 'TRIES', 'TO', 'ERROR'],
                list.map((d) => [
                  d.key,
                  d.channel,
                  d.state,
                  String(d.attempts),
                  d.subscriber.address ?? d.subscriber.id,
                  d.last_error ?? '',
                ]),
                '(none listed)',
              ),
            ].join('\n'),
          );
        }),
    );

  deliveries
    .command('requeue')
    .description('put dead letters back in the queue, to be tried again from the start')
    .option('--incident <id>', "an incident's dead letters")
    .option('--notification <id>', "one notification's dead letters")
    .option('--id <id>', 'a delivery id such as dlv_42 (repeatable)', collect)
    .action((opts: { incident?: string; notification?: string; id?: string[] }) =>
      run(async (app) => {
        const { requeued } = await asOptions(
          { incident_id: '--incident', notification_id: '--notification', ids: '--id' },
          () =>
            requeueDeliveries(app.ctx(CLI), {
              incident_id: opts.incident,
              notification_id: opts.notification,
              ids: opts.id,
            }),
        );
        process.stdout.write(
          `Requeued ${requeued} dead ${requeued === 1 ? 'delivery' : 'deliveries'}.\n`,
        );
      }),
    );
};
