import { makeStyles, Theme } from '@material-ui/core/styles';

/** Diagonal stripes: how "frozen" shows besides its text, in either theme. */
export const hatching = (theme: Theme) =>
  `repeating-linear-gradient(135deg, ${theme.palette.action.selected} 0 6px, transparent 6px 12px)`;

export const useCalendarStyles = makeStyles(theme => ({
  table: {
    width: '100%',
    tableLayout: 'fixed',
    borderCollapse: 'collapse',
  },
  columnHeader: {
    ...theme.typography.subtitle2,
    padding: theme.spacing(0.5),
    textAlign: 'left',
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  today: {
    color: theme.palette.primary.main,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  dayCell: {
    verticalAlign: 'top',
    padding: theme.spacing(0.5),
    border: `1px solid ${theme.palette.divider}`,
  },
  weekDayCell: {
    height: 160,
  },
  monthDayCell: {
    height: 96,
  },
  outsideMonth: {
    backgroundColor: theme.palette.action.hover,
  },
  dayNumber: {
    ...theme.typography.caption,
    display: 'block',
    marginBottom: theme.spacing(0.5),
  },
  freezeCell: {
    padding: 0,
  },
  freeze: {
    ...theme.typography.caption,
    display: 'block',
    padding: theme.spacing(0.25, 1),
    margin: theme.spacing(0.25, 0),
    color: theme.palette.text.primary,
    backgroundImage: hatching(theme),
    border: `1px dashed ${theme.palette.text.secondary}`,
    borderRadius: theme.shape.borderRadius,
  },
  block: {
    display: 'block',
    width: '100%',
    textAlign: 'left',
    padding: theme.spacing(0.5, 0.75),
    marginBottom: theme.spacing(0.5),
    borderRadius: theme.shape.borderRadius,
    borderLeft: '4px solid',
    ...theme.typography.body2,
    '&:focus-visible, &.Mui-focusVisible': {
      outline: `3px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  compact: {
    ...theme.typography.caption,
    padding: theme.spacing(0.25, 0.5),
  },
  /** The train's next departure: a ring besides the word "Next". */
  next: {
    boxShadow: `0 0 0 2px ${theme.palette.background.paper}, 0 0 0 4px ${theme.palette.text.primary}`,
  },
  /** Past departures: the colour as a border only, normal text. */
  past: {
    color: theme.palette.text.primary,
    backgroundColor: theme.palette.background.paper,
    border: '1px solid',
  },
  /** Frozen departures: hatched and struck through, with the reason. */
  frozen: {
    color: theme.palette.text.primary,
    backgroundColor: theme.palette.background.paper,
    backgroundImage: hatching(theme),
    border: '1px dashed',
  },
  struck: {
    textDecoration: 'line-through',
  },
  blockLine: {
    display: 'block',
  },
  /** Read by screen readers, not shown. */
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
}));
