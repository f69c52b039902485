export { InsightsPage } from './InsightsPage';
export { DoraCard } from './DoraCard';
export { DoraHeadlines } from './DoraHeadlines';
export { DoraTrends } from './DoraTrends';
export { DriftWarnings } from './DriftWarnings';
export { LagTable } from './LagTable';
export { ComplianceTable } from './ComplianceTable';
export { TeamComparison } from './TeamComparison';
