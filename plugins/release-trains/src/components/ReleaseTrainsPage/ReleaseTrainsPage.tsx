import { Content, Header, Page } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { DependencyGraphView } from '../DependencyGraph';
import { TrainSchedule } from '../TrainSchedule';
import { WhereIsMyChange } from '../WhereIsMyChange';

/** The plugin's page: "where is my change" across the organisation, the train schedule and the dependency graph. */
export function ReleaseTrainsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Release Trains"
        subtitle="Follow a change from merge to production"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <WhereIsMyChange />
          </Grid>
          <Grid item xs={12}>
            <TrainSchedule />
          </Grid>
          <Grid item xs={12}>
            <DependencyGraphView />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
