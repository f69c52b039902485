import { useApi } from '@backstage/core-plugin-api';
import { Train } from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import EventIcon from '@material-ui/icons/Event';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { releaseTrainsApiRef } from '../../api';

/** Hands `text` to the browser as a file download named `fileName`. */
function saveAs(fileName: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Later, not now: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Downloads the train's departures as an iCalendar file. It is fetched
 * through the API, with the signed-in user's token: the backend serves no
 * anonymous feed a calendar app could subscribe to.
 */
export function CalendarDownloadButton(props: { train: Train }) {
  const { train } = props;
  const api = useApi(releaseTrainsApiRef);
  const [state, download] = useAsyncFn(async () => {
    const text = await api.getTrainCalendar(train.name);
    saveAs(`${train.name}.ics`, text, 'text/calendar;charset=utf-8');
  }, [api, train.name]);
  return (
    <Box mb={2}>
      <Button
        size="small"
        variant="outlined"
        startIcon={<EventIcon />}
        onClick={() => download()}
        disabled={state.loading}
        title={`The ${train.title} train's departures of the next 8 weeks, for your calendar app`}
      >
        Add to calendar (.ics)
      </Button>
      {state.error && (
        <Typography variant="body2" color="error" role="alert">
          Could not download the {train.title} train's calendar:{' '}
          {state.error.message}
        </Typography>
      )}
    </Box>
  );
}
