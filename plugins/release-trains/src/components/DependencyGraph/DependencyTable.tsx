import {
  Link,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  DependencyEdge,
  DependencyGraph,
} from '@release-trains/plugin-release-trains-common';
import { ReactNode } from 'react';
import { serviceLabel } from './layoutDependencyGraph';
import { Verdict, verdictLabels, verdictMarks } from './verdicts';

const statusOf: Record<Verdict, (props: { children: ReactNode }) => ReactNode> =
  {
    satisfied: StatusOK,
    violated: StatusError,
    invalid: StatusWarning,
    unknown: StatusPending,
  };

/** The graph as a table: one row per dependency, for screen readers and search. */
export function DependencyTable(props: {
  graph: DependencyGraph;
  serviceLink: (service: string) => string;
}) {
  const { graph, serviceLink } = props;
  const service = (ref: string) => (
    <Link to={serviceLink(ref)} title={ref}>
      {serviceLabel(ref)}
    </Link>
  );
  const columns: TableColumn<DependencyEdge>[] = [
    { title: 'Service', field: 'from', render: edge => service(edge.from) },
    { title: 'Depends on', field: 'to', render: edge => service(edge.to) },
    {
      title: 'Required',
      field: 'range',
      render: edge =>
        edge.range === undefined
          ? '—'
          : `${edge.range}${edge.rangeSource === 'api' ? ' (API)' : ''}`,
    },
    {
      title: `Running in ${graph.stage}`,
      field: 'runningVersion',
      render: edge => edge.runningVersion ?? '—',
    },
    {
      title: 'Verdict',
      field: 'verdict',
      render: edge => {
        const Status = statusOf[edge.verdict];
        // The mark of the graph too: the dot's colour alone says nothing
        // to those who do not see it.
        return (
          <Status>
            {verdictMarks[edge.verdict] && (
              <span aria-hidden>{verdictMarks[edge.verdict]} </span>
            )}
            {verdictLabels[edge.verdict]}
          </Status>
        );
      },
    },
    {
      title: 'Through',
      field: 'apis',
      render: edge => edge.apis?.map(serviceLabel).join(', ') ?? 'dependsOn',
    },
    { title: 'Why', field: 'reason' },
  ];
  return (
    <Table<DependencyEdge>
      title={`Dependencies in ${graph.stage}`}
      columns={columns}
      data={graph.edges}
      options={{
        paging: graph.edges.length > 20,
        pageSize: 20,
        search: true,
        padding: 'dense',
        // material-table's drag handles are buttons inside the sort buttons.
        draggable: false,
      }}
      emptyContent={<div style={{ padding: 16 }}>No dependencies.</div>}
    />
  );
}
