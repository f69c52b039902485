import { toServiceRecord } from './ServiceDirectory';

describe('toServiceRecord', () => {
  it('reads pipeline, train, full owner ref, system, dependencies, APIs and requirements', () => {
    expect(
      toServiceRecord({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'checkout',
          namespace: 'shop',
          annotations: {
            'release-trains/pipeline': 'default',
            'release-trains/train': 'express',
            'release-trains/requires':
              'payments: ">=1.7 <2"\ncomponent:shop/cart: ^3.0.0\nbroken: [1]',
          },
        },
        spec: { type: 'service', owner: 'team-storefront', system: 'shop' },
        relations: [
          { type: 'dependsOn', targetRef: 'component:default/payments' },
          { type: 'ownedBy', targetRef: 'group:shop/team-storefront' },
          { type: 'providesApi', targetRef: 'api:shop/checkout-api' },
          { type: 'consumesApi', targetRef: 'api:default/payments-api' },
        ],
      }),
    ).toEqual({
      ref: 'component:shop/checkout',
      pipeline: 'default',
      train: 'express',
      owner: 'group:shop/team-storefront',
      system: 'shop',
      dependsOn: ['component:default/payments'],
      providesApis: ['api:shop/checkout-api'],
      consumesApis: ['api:default/payments-api'],
      requires: {
        'component:default/payments': '>=1.7 <2',
        'component:shop/cart': '^3.0.0',
      },
    });
  });

  it('ignores entities without a pipeline, and unreadable requirements', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', annotations: {} as Record<string, string> },
      spec: {},
    };
    expect(toServiceRecord(entity)).toBeUndefined();
    entity.metadata.annotations = {
      'release-trains/pipeline': 'default',
      'release-trains/requires': ': not yaml: [',
    };
    expect(toServiceRecord(entity)?.requires).toEqual({});
  });
});
