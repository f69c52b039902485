export { WhereIsMyChange } from './WhereIsMyChange';
