import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { secretHidden } from '../__testUtils__/insights';
import {
  component,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { clockAt } from '../__testUtils__/clock';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { TrainConfig } from '../config/trains';
import { departuresBetween } from './schedule';
import {
  escapeText,
  foldLine,
  freezesBetween,
  renderTrainCalendar,
} from './trainCalendar';

jest.setTimeout(60_000);

const API = '/api/release-trains';
const PAYMENTS = 'component:default/payments';
const SECRET = 'component:default/secret';
const reader = mockCredentials.user.header('user:default/ana');

afterEach(() => jest.useRealTimers());

type IcalTime = {
  hour: number;
  minute: number;
  zone?: { tzid: string };
  toJSDate(): Date;
};
type IcalComponent = {
  getAllSubcomponents(name: string): IcalComponent[];
  getFirstPropertyValue(name: string): unknown;
};
/** The part of ical.js the tests use. */
type Ical = {
  parse(text: string): unknown;
  Component: new (parsed: unknown) => IcalComponent;
  Event: new (component: IcalComponent) => {
    uid: string;
    summary: string;
    description: string;
    startDate: IcalTime;
    endDate: IcalTime;
  };
};
// Loaded untyped: ical.js's own declarations fail the repository's full
// type check (TS2610 in vcard_time.d.ts), which the API reports run.
const ICAL: Ical = require('ical.js');

/** The calendar's events as a calendar app reads them. */
function eventsOf(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map(vevent => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      status: vevent.getFirstPropertyValue('status'),
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      wallClock: `${event.startDate.hour}:${event.startDate.minute}`,
      zone: event.startDate.zone?.tzid,
    };
  });
}

const isFreeze = (event: { uid: string }) => event.uid.includes('-freeze-');

const weekly = {
  title: 'Weekly',
  // Mondays 09:00 in Berlin: 08:00 UTC in winter, 07:00 UTC in summer.
  schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
  cutoffMinutes: 60,
  freezes: [
    {
      start: '2027-03-20T00:00:00+01:00',
      end: '2027-03-24T00:00:00+01:00',
      reason: 'Spring freeze, no deploys; sorry',
    },
    {
      cron: '0 0 1 4 *',
      durationMinutes: 1440,
      timeZone: 'Europe/Berlin',
      reason: 'April fools',
    },
  ],
};

describe('GET /trains/{name}/calendar.ics', () => {
  const databases = createLedgerTestDatabases();
  const onTrain = {
    'release-trains/pipeline': 'default',
    'release-trains/train': 'weekly',
  };

  it.each(databases.eachSupportedId())(
    'has one event per departure at its wall-clock time across a DST change, freezes and cancelled departures (%p)',
    async databaseId => {
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        releaseTrains: { trains: { weekly } },
        entities: [
          component('payments', onTrain),
          component('secret', onTrain),
        ],
        policy: secretHidden,
      });
      // A Wednesday; Berlin leaves winter time on Sunday 28 March.
      clockAt('2027-03-10T12:00:00Z');
      const answer = await request(server)
        .get(`${API}/trains/weekly/calendar.ics`)
        .query({ weeks: 4 })
        .set('Authorization', reader)
        .expect(200);
      expect(answer.headers['content-type']).toBe(
        'text/calendar; charset=utf-8',
      );
      const ics = answer.text;
      expect(ics).not.toMatch(/RRULE/);
      expect(ics.endsWith('\r\n')).toBe(true);
      expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      for (const line of ics.split('\r\n')) {
        expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      }

      const events = eventsOf(ics);
      const departures = events.filter(event => !isFreeze(event));
      expect(departures.map(d => [d.start, d.wallClock, d.zone])).toEqual([
        ['2027-03-15T08:00:00.000Z', '9:0', 'Europe/Berlin'],
        ['2027-03-22T08:00:00.000Z', '9:0', 'Europe/Berlin'],
        ['2027-03-29T07:00:00.000Z', '9:0', 'Europe/Berlin'],
        ['2027-04-05T07:00:00.000Z', '9:0', 'Europe/Berlin'],
      ]);
      expect(departures.map(d => [d.summary, d.status])).toEqual([
        ['Weekly train departs', 'CONFIRMED'],
        [
          'Weekly train cancelled (Spring freeze, no deploys; sorry)',
          'CANCELLED',
        ],
        ['Weekly train departs', 'CONFIRMED'],
        ['Weekly train departs', 'CONFIRMED'],
      ]);
      expect(departures[0].end).toBe('2027-03-15T08:15:00.000Z');
      expect(departures[0].description).toBe(
        [
          'Cut-off: Mon 15 Mar 2027 08:00 (Europe/Berlin); versions built later wait for the next train.',
          'Boards from: dev (versions that succeeded there).',
          // secret rides too, but the reader may not see it.
          `Services: ${PAYMENTS}.`,
        ].join('\n'),
      );
      expect(ics).not.toContain(SECRET);
      expect(departures[1].description).toContain(
        'No departure: Spring freeze, no deploys; sorry.',
      );

      expect(
        events.filter(isFreeze).map(f => [f.summary, f.start, f.end]),
      ).toEqual([
        [
          'Frozen: Spring freeze, no deploys; sorry',
          '2027-03-19T23:00:00.000Z',
          '2027-03-23T23:00:00.000Z',
        ],
        [
          'Frozen: April fools',
          '2027-03-31T22:00:00.000Z',
          '2027-04-01T22:00:00.000Z',
        ],
      ]);

      // Eight weeks by default; the same departures keep their UIDs.
      const longer = eventsOf(
        (
          await request(server)
            .get(`${API}/trains/weekly/calendar.ics`)
            .set('Authorization', reader)
            .expect(200)
        ).text,
      ).filter(event => !isFreeze(event));
      expect(longer).toHaveLength(8);
      expect(longer.at(-1)!.start).toBe('2027-05-03T07:00:00.000Z');
      expect(longer.slice(0, 4).map(d => d.uid)).toEqual(
        departures.map(d => d.uid),
      );
      expect(new Set(longer.map(d => d.uid)).size).toBe(8);
    },
  );

  it('answers 400 to weeks it will not list, 404 to an unknown train, 401 to no one', async () => {
    const { server } = await startTestLedgerBackend(databases, 'SQLITE_3', {
      releaseTrains: { trains: { weekly } },
    });
    for (const weeks of ['0', '27', '1.5', 'soon']) {
      const refused = await request(server)
        .get(`${API}/trains/weekly/calendar.ics`)
        .query({ weeks })
        .set('Authorization', reader);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/weeks must be/);
    }
    const unknown = await request(server)
      .get(`${API}/trains/nope/calendar.ics`)
      .set('Authorization', reader);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No train nope');
    await request(server)
      .get(`${API}/trains/weekly/calendar.ics`)
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
  });
});

describe('renderTrainCalendar', () => {
  const train = (timeZone: string): TrainConfig => ({
    name: 'weekly',
    title: 'Weekly',
    cron: '0 9 * * 1',
    timeZone,
    cutoffMinutes: 30,
    pipeline: 'default',
    boardsFrom: 'dev',
    services: [],
    freezes: [
      {
        start: '2027-11-01T00:00:00Z',
        end: '2027-11-02T00:00:00Z',
        reason: 'Year-end freeze',
      },
    ],
    approvals: true,
    stageMinutes: 30,
  });
  const calendar = (timeZone: string, from: string, weeks: number) => {
    const now = new Date(from);
    const to = new Date(now.getTime() + weeks * 7 * 24 * 3_600_000);
    return renderTrainCalendar({
      train: train(timeZone),
      departures: departuresBetween(train(timeZone), now, to),
      freezes: freezesBetween(train(timeZone).freezes, now, to),
      services: [],
      now,
    });
  };

  it('keeps 09:00 in Berlin when summer time ends in October', () => {
    const events = eventsOf(
      calendar('Europe/Berlin', '2027-10-20T00:00:00Z', 3),
    );
    expect(
      events.filter(e => !isFreeze(e)).map(e => [e.start, e.wallClock]),
    ).toEqual([
      ['2027-10-25T07:00:00.000Z', '9:0'],
      ['2027-11-01T08:00:00.000Z', '9:0'],
      ['2027-11-08T08:00:00.000Z', '9:0'],
    ]);
    // A freeze given in UTC, shown in the train's zone.
    expect(events.filter(isFreeze).map(e => [e.summary, e.start])).toEqual([
      ['Frozen: Year-end freeze', '2027-11-01T00:00:00.000Z'],
    ]);
  });

  it('works in a zone without daylight saving time', () => {
    const ics = calendar('Asia/Tokyo', '2027-03-10T00:00:00Z', 1);
    expect(ics).toContain('TZOFFSETTO:+0900');
    expect(eventsOf(ics).map(e => [e.start, e.wallClock])).toEqual([
      ['2027-03-15T00:00:00.000Z', '9:0'],
    ]);
  });

  it('starts the zone changes on whole minutes whatever the time of the request', () => {
    const ics = calendar('Europe/Berlin', '2027-03-10T12:34:56.789Z', 3);
    const zone = ics.slice(0, ics.indexOf('END:VTIMEZONE'));
    // The offset in force from a whole hour, then summer time at 02:00 sharp.
    expect(zone.match(/^DTSTART:.*$/gm)).toEqual([
      'DTSTART:20270309T130000',
      'DTSTART:20270328T020000',
    ]);
  });

  it('gives two freezes that start together distinct UIDs', () => {
    const spring = (reason: string) => ({
      start: '2027-03-20T00:00:00Z',
      end: '2027-03-21T00:00:00Z',
      reason,
    });
    const now = new Date('2027-03-10T00:00:00Z');
    const to = new Date('2027-03-31T00:00:00Z');
    const freezes = [spring('Audit'), spring('Migration')];
    const ics = renderTrainCalendar({
      train: { ...train('UTC'), freezes },
      departures: [],
      freezes: freezesBetween(freezes, now, to),
      services: [],
      now,
    });
    expect(eventsOf(ics).map(e => [e.uid, e.summary])).toEqual([
      ['weekly-freeze-0-20270320T0000Z@release-trains', 'Frozen: Audit'],
      ['weekly-freeze-1-20270320T0000Z@release-trains', 'Frozen: Migration'],
    ]);
  });

  it('escapes text and folds long lines without splitting a character', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    // A lone carriage return is a line break too, not raw text.
    expect(escapeText('a\rb\r\nc')).toBe('a\\nb\\nc');
    const line = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    }
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
});
