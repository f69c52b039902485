export * from './changes';
export * from './deployments';
export * from './graph';
export * from './insights';
export * from './pipeline';
export * from './promotions';
export * from './services';
export * from './trains';
