import { DependencyEdge } from '@release-trains/plugin-release-trains-common';
import { Theme } from '@material-ui/core/styles';

export type Verdict = DependencyEdge['verdict'];

/** How each verdict is named to people. */
export const verdictLabels: Record<Verdict, string> = {
  satisfied: 'Satisfied',
  violated: 'Violated',
  invalid: 'Invalid range or version',
  unknown: 'No requirement',
};

/** The colour of each verdict, the same on the canvas and in the legend. */
export function verdictColour(theme: Theme, verdict: Verdict): string {
  switch (verdict) {
    case 'satisfied':
      return theme.palette.success.main;
    case 'violated':
      return theme.palette.error.main;
    case 'invalid':
      return theme.palette.warning.main;
    default:
      return theme.palette.text.disabled;
  }
}

/** What an edge says, in one line: the range, what runs, the verdict. */
export function describeEdge(edge: DependencyEdge, stage: string): string {
  const required =
    edge.range === undefined
      ? 'no version requirement'
      : `requires ${edge.range}${
          edge.rangeSource === 'api' ? ' (set through the API)' : ''
        }`;
  const runs = `${stage} runs ${edge.runningVersion ?? 'nothing'}`;
  return `${required}; ${runs}: ${verdictLabels[edge.verdict].toLocaleLowerCase(
    'en-US',
  )}`;
}
