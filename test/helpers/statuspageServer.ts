/**
 * A local server that answers like a Statuspage page's public /api/v2 (summary, components,
 * incidents, scheduled maintenances), in the shapes Statuspage documents: components with groups
 * (`group`, `group_id`, `components` on the group; a group shows its worst child), incidents and maintenances with every
 * update newest first and the components each update moved. Built from a seed, so a test knows
 * exactly what it serves; `edit` changes it between runs, as an upstream page would.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const PAGE = {
  id: 'kctbh9vrtdwd',
  name: 'Acme',
  url: 'https://status.acme.example',
  time_zone: 'Etc/UTC',
  updated_at: '2026-11-30T10:00:00.000Z',
};

export interface SpFixture {
  components: any[];
  incidents: any[];
  scheduled_maintenances: any[];
}

const at = (day: number, h: number, m = 0) =>
  new Date(Date.UTC(2026, 8, 1 + day, h, m)).toISOString();

export function fixture(incidentCount = 50): SpFixture {
  const comp = (
    id: string,
    name: string,
    position: number,
    group_id: string | null,
    status = 'operational',
    group = false,
  ) => ({
    id,
    name,
    status,
    created_at: at(0, 0),
    updated_at: at(0, 0),
    position,
    description: group ? null : `${name} service`,
    showcase: true,
    start_date: null,
    group_id,
    page_id: PAGE.id,
    group,
    only_show_if_degraded: false,
    ...(group ? { components: [] as string[] } : {}),
  });
  const groups = [
    comp('grp_api', 'API', 1, null, 'degraded_performance', true),
    comp('grp_web', 'Web', 2, null, 'operational', true),
  ];
  const kids = [
    comp('c_rest', 'REST API', 1, 'grp_api'),
    comp('c_graphql', 'GraphQL API', 2, 'grp_api', 'degraded_performance'),
    comp('c_dash', 'Dashboard', 1, 'grp_web'),
    comp('c_login', 'Login', 2, 'grp_web'),
  ];
  const alone = [comp('c_email', 'Email delivery', 3, null)];
  groups[0].components = ['c_rest', 'c_graphql'];
  groups[1].components = ['c_dash', 'c_login'];
  const leafs = [...kids, ...alone];
  const incidents = Array.from({ length: incidentCount }, (_, i) => {
    const c = leafs[i % leafs.length];
    const start = at(i, 9, 5);
    const status = i === 0 ? 'identified' : 'resolved';
    const updates = [
      {
        status: 'investigating',
        body: `We are investigating errors on ${c.name} (${i}).`,
        t: at(i, 9, 5),
        affected: [
          {
            code: c.id,
            name: c.name,
            old_status: 'operational',
            new_status: i % 2 ? 'partial_outage' : 'major_outage',
          },
        ],
      },
      {
        status: 'identified',
        body: `The cause of incident ${i} is found.`,
        t: at(i, 9, 35),
        affected: [],
      },
      ...(status === 'resolved'
        ? [
            {
              status: 'resolved',
              body: `Incident ${i} is resolved.`,
              t: at(i, 10, 20),
              affected: [
                {
                  code: c.id,
                  name: c.name,
                  old_status: i % 2 ? 'partial_outage' : 'major_outage',
                  new_status: 'operational',
                },
              ],
            },
          ]
        : []),
    ];
    return {
      id: `inc_${String(i).padStart(3, '0')}`,
      name: `${c.name} errors ${i}`,
      status,
      created_at: start,
      updated_at: updates[updates.length - 1].t,
      monitoring_at: null,
      resolved_at: status === 'resolved' ? at(i, 10, 20) : null,
      impact: i % 2 ? 'minor' : 'major',
      shortlink: `https://stspg.io/${i}`,
      started_at: start,
      page_id: PAGE.id,
      incident_updates: updates
        .map((u, k) => ({
          id: `upd_${i}_${k}`,
          status: u.status,
          body: u.body,
          incident_id: `inc_${i}`,
          created_at: u.t,
          updated_at: u.t,
          display_at: u.t,
          affected_components: u.affected.length ? u.affected : null,
          deliver_notifications: true,
          custom_tweet: null,
          tweet_id: null,
        }))
        .reverse(),
      components: [c],
    };
  });
  const scheduled_maintenances = [0, 1, 2].map((i) => ({
    id: `mnt_${i}`,
    name: `Database upgrade ${i}`,
    status: i === 2 ? 'scheduled' : 'completed',
    created_at: at(60 + i, 8),
    updated_at: at(60 + i, 12),
    monitoring_at: null,
    resolved_at: i === 2 ? null : at(60 + i, 12),
    impact: 'maintenance',
    shortlink: `https://stspg.io/m${i}`,
    started_at: at(60 + i, 8),
    page_id: PAGE.id,
    scheduled_for: at(60 + i, 10),
    scheduled_until: at(60 + i, 12),
    incident_updates: [
      {
        id: `mu_${i}_0`,
        status: 'scheduled',
        body: 'We will upgrade the database.',
        created_at: at(60 + i, 8),
        updated_at: at(60 + i, 8),
        display_at: at(60 + i, 8),
        affected_components: null,
      },
      ...(i === 2
        ? []
        : [
            {
              id: `mu_${i}_1`,
              status: 'completed',
              body: 'The upgrade is done.',
              created_at: at(60 + i, 12),
              updated_at: at(60 + i, 12),
              display_at: at(60 + i, 12),
              affected_components: null,
            },
          ]),
    ].reverse(),
    components: [alone[0]],
  }));
  return { components: [...groups, ...kids, ...alone], incidents, scheduled_maintenances };
}

export interface StatuspageServer {
  url: string;
  data: SpFixture;
  close(): Promise<void>;
}

export async function startStatuspage(data: SpFixture = fixture()): Promise<StatuspageServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const page = PAGE;
    const docs: Record<string, () => unknown> = {
      '/api/v2/summary.json': () => ({
        page,
        components: data.components,
        incidents: [],
        scheduled_maintenances: [],
        status: { indicator: 'none', description: 'All Systems Operational' },
      }),
      '/api/v2/components.json': () => ({ page, components: data.components }),
      '/api/v2/incidents.json': () => ({ page, incidents: data.incidents }),
      '/api/v2/scheduled-maintenances.json': () => ({
        page,
        scheduled_maintenances: data.scheduled_maintenances,
      }),
    };
    const doc = docs[path] as (() => unknown) | undefined;
    res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(doc ? doc() : { error: 'not found' }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    data,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
