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

/**
 * The cues besides colour, the same on the canvas and in the legend: a
 * mark beside the line and its pattern. No requirement has neither.
 */
export const verdictMarks: Record<Verdict, string> = {
  satisfied: '✓',
  violated: '✗',
  invalid: '!',
  unknown: '',
};

/** How each verdict's line is drawn: its SVG dash array, solid when undefined. */
export const verdictDashes: Record<Verdict, string | undefined> = {
  satisfied: undefined,
  violated: '7 4',
  invalid: '2 3',
  unknown: undefined,
};

/** The line pattern in words, for the legend. */
export const verdictLines: Record<Verdict, string> = {
  satisfied: 'solid',
  violated: 'dashed',
  invalid: 'dotted',
  unknown: 'thin',
};

/** The label beside an edge's line: "✗ needs >=2.0.0", "✓", "! invalid range". */
export function edgeMark(edge: DependencyEdge): string {
  switch (edge.verdict) {
    case 'satisfied':
      return verdictMarks.satisfied;
    case 'violated':
      return `${verdictMarks.violated} needs ${
        edge.range ?? 'another version'
      }`;
    case 'invalid':
      return `${verdictMarks.invalid} invalid range`;
    default:
      return '';
  }
}

/** How many of a verdict, as a mark: "✗ 2 violated", "! 1 invalid". */
export function countMark(
  verdict: 'violated' | 'invalid',
  count: number,
): string {
  return `${verdictMarks[verdict]} ${count} ${verdict}`;
}

/**
 * The label beside a line that stands for several edges: the violations
 * and invalid ranges among them, else a tick when all requirements hold.
 */
export function linkMark(counts: Record<Verdict, number>): string {
  const problems = [
    counts.violated > 0 ? countMark('violated', counts.violated) : '',
    counts.invalid > 0 ? countMark('invalid', counts.invalid) : '',
  ].filter(Boolean);
  if (problems.length > 0) return problems.join(', ');
  return counts.satisfied > 0 ? verdictMarks.satisfied : '';
}

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
