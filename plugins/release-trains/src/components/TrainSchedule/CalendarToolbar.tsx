import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Typography from '@material-ui/core/Typography';
import { CalendarView } from './calendarModel';

/**
 * Above the calendar: previous / today / next, the range shown, the time
 * zone of its days, and the week / month toggle.
 */
export function CalendarToolbar(props: {
  view: CalendarView;
  title: string;
  zone: string;
  onView: (view: CalendarView) => void;
  onShift: (direction: -1 | 1) => void;
  onToday: () => void;
}) {
  const { view, title, zone, onView, onShift, onToday } = props;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      justifyContent="space-between"
      mb={1}
      style={{ gap: 8 }}
    >
      <ButtonGroup size="small" aria-label="Calendar navigation">
        <Button onClick={() => onShift(-1)} aria-label={`Previous ${view}`}>
          Previous
        </Button>
        <Button onClick={onToday}>Today</Button>
        <Button onClick={() => onShift(1)} aria-label={`Next ${view}`}>
          Next
        </Button>
      </ButtonGroup>
      <Box textAlign="center">
        <Typography
          variant="h6"
          component="h3"
          aria-live="polite"
          data-testid="calendar-title"
        >
          {title}
        </Typography>
        <Typography
          variant="caption"
          color="textSecondary"
          data-testid="calendar-zone"
        >
          Days and times in {zone}
        </Typography>
      </Box>
      <ButtonGroup size="small" aria-label="Calendar view">
        {(['week', 'month'] as const).map(option => (
          <Button
            key={option}
            aria-pressed={view === option}
            variant={view === option ? 'contained' : 'outlined'}
            color={view === option ? 'primary' : 'default'}
            onClick={() => onView(option)}
          >
            {option === 'week' ? 'Week' : 'Month'}
          </Button>
        ))}
      </ButtonGroup>
    </Box>
  );
}
