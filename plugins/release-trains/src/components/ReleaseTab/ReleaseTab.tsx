import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid, { GridSize } from '@material-ui/core/Grid';
import { useSignal } from '@backstage/plugin-signals-react';
import { releaseTrainsSignalChannel } from '@release-trains/plugin-release-trains-common';
import { useCallback, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { DependencyGraphView } from '../DependencyGraph';
import { DeploymentHistory } from '../DeploymentHistory';
import { DoraCard, DriftWarnings } from '../Insights';
import { WhereIsMyChange } from '../WhereIsMyChange';
import { NextTrain } from '../TrainSchedule';
import { StageLane } from './StageLane';

/**
 * The Release tab of a service: the version each stage of its pipeline runs,
 * the "where is my change" search for the service, and its deploy history.
 *
 * @public
 */
export function ReleaseTab() {
  const { entity } = useEntity();
  const api = useApi(releaseTrainsApiRef);
  const serviceRef = stringifyEntityRef(entity);
  // Every refresh fetches anew, even one that comes while a fetch is under
  // way (useAsyncRetry's retry would drop it), and the callback never
  // changes, so the signal effect below runs once per signal.
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(() => setRefreshKey(n => n + 1), []);
  const { value, error } = useAsync(
    () => api.getPipeline(serviceRef),
    [api, serviceRef, refreshKey],
  );
  // Live: the backend signals whenever a deployment of the service moves.
  const { lastSignal } = useSignal(releaseTrainsSignalChannel(serviceRef));
  useEffect(() => {
    if (lastSignal) refresh();
  }, [lastSignal, refresh]);

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return <Progress />;
  }
  // A service new to its pipeline still shows the stages it will move through.
  const nothingDeployed = value.stages.every(
    stage => !stage.current && !stage.inFlight,
  );
  const laneWidth = (12 / Math.min(value.stages.length, 4)) as GridSize;
  return (
    <Grid container spacing={3}>
      {nothingDeployed && (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No deployments yet"
            description={`Nothing has been deployed for ${serviceRef}. Deployments reported by CI or promoted through the portal show up here.`}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <NextTrain service={serviceRef} />
      </Grid>
      {value.stages.map((status, index) => (
        <Grid item xs={12} md={laneWidth} key={status.stage}>
          <StageLane
            service={serviceRef}
            status={status}
            onChange={refresh}
            refreshKey={refreshKey}
            last={index === value.stages.length - 1}
          />
        </Grid>
      ))}
      <Grid item xs={12}>
        <DriftWarnings scope={{ service: serviceRef }} />
      </Grid>
      <Grid item xs={12}>
        <DoraCard service={serviceRef} />
      </Grid>
      <Grid item xs={12}>
        <DependencyGraphView
          service={serviceRef}
          stages={value.stages.map(s => s.stage)}
          refreshKey={refreshKey}
        />
      </Grid>
      <Grid item xs={12}>
        <WhereIsMyChange service={serviceRef} />
      </Grid>
      <Grid item xs={12}>
        <DeploymentHistory
          service={serviceRef}
          stages={value.stages.map(s => s.stage)}
          stageTitles={Object.fromEntries(
            value.stages.map(s => [s.stage, s.title]),
          )}
          refreshKey={refreshKey}
        />
      </Grid>
    </Grid>
  );
}
