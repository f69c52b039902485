import { checkQueryTemplate, renderQuery } from './queryTemplate';

const variables = {
  service: 'component:default/payments',
  version: '1.4.0',
  baselineVersion: '1.3.2',
  stage: 'prod',
};

describe('query templates', () => {
  it('fills in the roll-out it measures', () => {
    expect(
      renderQuery(
        'sum(rate(http_requests_total{service="{{service}}",version="{{ version }}",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="{{service}}",version="{{baselineVersion}}"}[5m])) # {{stage}}',
        variables,
      ),
    ).toBe(
      'sum(rate(http_requests_total{service="component:default/payments",version="1.4.0",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="component:default/payments",version="1.3.2"}[5m])) # prod',
    );
  });

  it('never lets a value end its string literal', () => {
    const hostile = { ...variables, version: '1"}) or vector(0) #\\\n' };
    expect(renderQuery('up{version="{{version}}"}', hostile)).toBe(
      'up{version="1\\"}) or vector(0) #\\\\\\n"}',
    );
  });

  it('refuses an unknown placeholder when the config is read', () => {
    expect(() =>
      checkQueryTemplate(
        'up{service="{{servce}}"}',
        'releaseTrains.rollout.query',
      ),
    ).toThrow(
      'releaseTrains.rollout.query: unknown placeholder {{servce}}; use {{service}}, {{version}}, {{baselineVersion}}, {{stage}}',
    );
    expect(checkQueryTemplate('up{stage="{{stage}}"}', 'key')).toBe(
      'up{stage="{{stage}}"}',
    );
  });
});
