export { UngatedChip, ungatedExplanation } from './UngatedChip';
