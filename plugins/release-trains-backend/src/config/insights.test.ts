import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readWeeklyDigestSettings } from './insights';

const withDigest = (weeklyDigest: JsonValue) =>
  new ConfigReader({ releaseTrains: { insights: { weeklyDigest } } });

describe('readWeeklyDigestSettings', () => {
  it('is off unless enabled, Mondays at 9 in UTC by default', () => {
    expect(readWeeklyDigestSettings(new ConfigReader({}))).toEqual({
      enabled: false,
      hour: 9,
      timeZone: 'UTC',
    });
    expect(
      readWeeklyDigestSettings(
        withDigest({ enabled: true, hour: 0, timeZone: 'Europe/Berlin' }),
      ),
    ).toEqual({ enabled: true, hour: 0, timeZone: 'Europe/Berlin' });
  });

  it('names the key of a bad hour or time zone, even when off', () => {
    for (const hour of [24, -1, 9.5]) {
      expect(() => readWeeklyDigestSettings(withDigest({ hour }))).toThrow(
        'releaseTrains.insights.weeklyDigest.hour must be a whole hour from 0 to 23',
      );
    }
    expect(() =>
      readWeeklyDigestSettings(withDigest({ timeZone: 'Mars/Olympus' })),
    ).toThrow(
      "releaseTrains.insights.weeklyDigest.timeZone: 'Mars/Olympus' is not a time zone",
    );
    expect(() =>
      readWeeklyDigestSettings(withDigest({ enabled: 'sometimes' })),
    ).toThrow(/releaseTrains\.insights\.weeklyDigest\.enabled/);
  });
});
