/** The console's words for people and problems: actors read as people, zod's messages as sentences. */
import { describe, expect, it } from 'vitest';
import { plainProblem } from '../../src/http/routes/console/plainErrors.js';
import { actorLabel, withActorNames } from '../../src/pages/console/actor.js';

const team = {
  roles: [{ role_key: 'comms_lead', role_name: 'Comms lead', person_name: 'Ben Okafor' }],
  people: [
    { name: 'Ana Silva', email: 'ana@acme.test' },
    { name: 'Ben Okafor', email: 'ben@acme.test' },
  ],
};

describe('actor names', () => {
  it('reads a token named after a role or a person as that person, with their role', () => {
    expect(actorLabel('token:comms-lead', team)).toBe('Ben Okafor (comms lead)');
    expect(actorLabel('token:ben', team)).toBe('Ben Okafor (comms lead)');
    expect(actorLabel('token:ana@acme.test', team)).toBe('Ana Silva');
  });

  it('drops timestamps from other token names and names the machinery plainly', () => {
    expect(actorLabel('token:deploy-bot-2026-12-02T21:40:00Z', team)).toBe(
      'deploy-bot (API token)',
    );
    expect(actorLabel('token:console sign-in codes', team)).toBe('Console (sign-in code)');
    expect(actorLabel('system', team)).toBe('Flare');
    expect(actorLabel('cli', team)).toBe('Command line');
  });

  it('names people inside a room entry', () => {
    expect(withActorNames('token:comms-lead declared SEV2 (Major).', team)).toBe(
      'Ben Okafor (comms lead) declared SEV2 (Major).',
    );
    expect(withActorNames('token:npm start (demo admin) published the incident.', team)).toBe(
      'npm start (demo admin) published the incident.',
    );
  });
});

describe('plain validation messages', () => {
  it('turns zod defaults into sentences that name the field', () => {
    expect(plainProblem('vars.impact', 'Too big: expected string to have <=4000 characters')).toBe(
      'Customer impact is too long: at most 4,000 characters.',
    );
    expect(plainProblem('name', 'Too small: expected string to have >=1 characters')).toBe(
      'Incident title cannot be empty.',
    );
    expect(plainProblem('next_update_in_minutes', 'Too big: expected number to be <=1440')).toBe(
      'Minutes to the next update can be at most 1,440.',
    );
    expect(plainProblem('locale', 'must be a locale such as en or fr')).toBe(
      'Language must be a locale such as en or fr.',
    );
    expect(plainProblem('issue', 'Say what the issue is in a few words.')).toBe(
      'Say what the issue is in a few words.',
    );
  });
});
