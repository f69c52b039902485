export { ChangeList } from './ChangeList';
