import { Content, Header, Page } from '@backstage/core-components';
import { WhereIsMyChange } from '../WhereIsMyChange';

/** The plugin's page: the organisation-wide "where is my change" search. */
export function ReleaseTrainsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Release Trains"
        subtitle="Follow a change from merge to production"
      />
      <Content>
        <WhereIsMyChange />
      </Content>
    </Page>
  );
}
