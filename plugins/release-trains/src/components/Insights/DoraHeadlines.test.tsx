import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { doraFigures, sparseDoraFigures } from '../../__testUtils__/doraReport';
import { DoraHeadlines } from './DoraHeadlines';

const headline = (title: string) => screen.getByRole('region', { name: title });

describe('DoraHeadlines', () => {
  it('shows the five figures with their bands in words and their samples', async () => {
    await renderInTestApp(<DoraHeadlines figures={doraFigures} />);

    const frequency = headline('Deployment frequency');
    expect(within(frequency).getByText('3.3 per week')).toBeInTheDocument();
    expect(within(frequency).getByText('High')).toBeInTheDocument();
    expect(
      within(frequency).getByText('from 42 deployments'),
    ).toBeInTheDocument();

    const lead = headline('Change lead time');
    expect(within(lead).getByText('1 day, 2 hours')).toBeInTheDocument();
    expect(
      within(lead).getByText('median from commit to production'),
    ).toBeInTheDocument();
    expect(
      within(lead).getByText(
        'From commit: median 1 day, 2 hours, p90 5 days (120 changes)',
      ),
    ).toBeInTheDocument();
    expect(
      within(lead).getByText(
        'From merge: median 5 hours, p90 2 days (118 changes)',
      ),
    ).toBeInTheDocument();
    expect(within(lead).getByText('High')).toBeInTheDocument();
    expect(within(lead).getByText('from 120 changes')).toBeInTheDocument();

    const failRate = headline('Change fail rate');
    expect(within(failRate).getByText('12.5 %')).toBeInTheDocument();
    expect(within(failRate).getByText('Medium')).toBeInTheDocument();
    expect(
      within(failRate).getByText(
        '5 of 40 deployments failed, were rolled back or needed a hotfix',
      ),
    ).toBeInTheDocument();
    expect(
      within(failRate).getByText('from 40 deployments'),
    ).toBeInTheDocument();

    const recovery = headline('Recovery time');
    expect(within(recovery).getByText('45 minutes')).toBeInTheDocument();
    expect(within(recovery).getByText('p90 2 hours')).toBeInTheDocument();
    expect(within(recovery).getByText('Elite')).toBeInTheDocument();
    expect(within(recovery).getByText('from 5 recoveries')).toBeInTheDocument();

    const rework = headline('Rework rate');
    expect(within(rework).getByText('7.1 %')).toBeInTheDocument();
    expect(within(rework).getByText('from 42 deployments')).toBeInTheDocument();
    // The rework rate has no band.
    for (const band of ['Elite', 'High', 'Medium', 'Low']) {
      expect(within(rework).queryByText(band)).toBeNull();
    }
    // No history to link to unless given.
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('says "Not enough data" below the minimum of samples, and keeps the counts', async () => {
    await renderInTestApp(<DoraHeadlines figures={sparseDoraFigures} />);

    const frequency = headline('Deployment frequency');
    expect(within(frequency).getByText('1 per month')).toBeInTheDocument();
    expect(within(frequency).getByText('Low')).toBeInTheDocument();
    expect(
      within(frequency).getByText('from 3 deployments'),
    ).toBeInTheDocument();

    for (const [title, samples] of [
      ['Change lead time', 'from 2 changes'],
      ['Change fail rate', 'from 3 deployments'],
      ['Recovery time', 'from 1 recovery'],
      ['Rework rate', 'from 3 deployments'],
    ]) {
      const figure = headline(title);
      expect(within(figure).getByText('Not enough data')).toBeInTheDocument();
      expect(within(figure).getByText(samples)).toBeInTheDocument();
      expect(
        within(figure).queryByText(/^(Elite|High|Medium|Low)$/),
      ).toBeNull();
    }
    expect(
      within(headline('Change lead time')).getByText(
        'From commit: not enough data (2 changes)',
      ),
    ).toBeInTheDocument();
  });

  it('links each figure to the deployments behind it when given', async () => {
    await renderInTestApp(
      <DoraHeadlines
        figures={doraFigures}
        links={{
          deploymentFrequency: '/d?outcome=ran',
          leadTime: '/d?outcome=ran',
          changeFailRate: '/d?outcome=failure',
          recoveryTime: '/d',
          reworkRate: '/d',
        }}
      />,
    );
    expect(
      screen.getByRole('link', {
        name: 'Deployments behind the change fail rate',
      }),
    ).toHaveAttribute('href', '/d?outcome=failure');
    expect(screen.getAllByRole('link')).toHaveLength(5);
  });
});
