import {
  Content,
  Header,
  Page,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import { IdentityApi, SignInPageProps } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';

const PERSON_KEY = 'release-trains-demo:person';

/** People of the demo organisation (examples/org.yaml). */
export const DEMO_PEOPLE = [
  { name: 'ana.lima', title: 'Ana Lima', team: 'team-payments' },
  {
    name: 'ben.okafor',
    title: 'Ben Okafor',
    team: 'team-storefront, change-advisory',
  },
  {
    name: 'chen.wu',
    title: 'Chen Wu',
    team: 'team-fulfilment, change-advisory',
  },
  {
    name: 'dana.kowalski',
    title: 'Dana Kowalski',
    team: 'team-platform, change-advisory',
  },
];

/**
 * The demo portal's sign-in: enter as a guest, or as one of the people of
 * the demo organisation — so that a promotion can be asked for by one person
 * and approved by two others. People sign in through the `demo-users`
 * provider, which only the demo configuration enables.
 */
export function DemoSignInPage(props: SignInPageProps) {
  // Kept for the tab, so that reloads stay signed in; forgotten on sign-out.
  const [person, setPerson] = useState(
    () => sessionStorage.getItem(PERSON_KEY) ?? undefined,
  );
  const choose = (name: string) => {
    sessionStorage.setItem(PERSON_KEY, name);
    setPerson(name);
  };
  const onSignInSuccess = (identityApi: IdentityApi) =>
    props.onSignInSuccess({
      getProfileInfo: () => identityApi.getProfileInfo(),
      getBackstageIdentity: () => identityApi.getBackstageIdentity(),
      getCredentials: () => identityApi.getCredentials(),
      signOut: async () => {
        sessionStorage.removeItem(PERSON_KEY);
        await identityApi.signOut();
      },
    });

  if (person === 'guest') {
    return (
      <SignInPage
        {...props}
        onSignInSuccess={onSignInSuccess}
        providers={['guest']}
      />
    );
  }
  if (person) {
    return (
      <ProxiedSignInPage
        {...props}
        onSignInSuccess={onSignInSuccess}
        provider="demo-users"
        headers={{ 'x-demo-user': person }}
      />
    );
  }
  return (
    <Page themeId="home">
      <Header title="Release Trains demo" subtitle="Who are you today?" />
      <Content>
        <Grid container spacing={3}>
          {[
            {
              name: 'guest',
              title: 'Guest',
              team: 'no team: may look, not act',
            },
          ]
            .concat(DEMO_PEOPLE)
            .map(p => (
              <Grid item xs={12} sm={6} md={4} key={p.name}>
                <Card>
                  <CardContent>
                    <Typography variant="h6">{p.title}</Typography>
                    <Typography variant="body2" color="textSecondary">
                      {p.team}
                    </Typography>
                  </CardContent>
                  <CardActions>
                    <Button
                      color="primary"
                      variant="contained"
                      onClick={() => choose(p.name)}
                    >
                      Sign in as {p.title}
                    </Button>
                  </CardActions>
                </Card>
              </Grid>
            ))}
        </Grid>
      </Content>
    </Page>
  );
}
