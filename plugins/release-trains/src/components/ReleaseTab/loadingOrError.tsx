import { Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { messageOf } from './dialogData';
import { ErrorText } from './ErrorText';

/**
 * What a dialog section shows while its data loads or when it failed to
 * load; undefined once the data is there.
 */
export function loadingOrError(state: {
  loading: boolean;
  error?: Error;
  /** e.g. "Loading the changes…" */
  loadingText: string;
  /** e.g. "Could not load the changes" */
  errorText: string;
}): ReactNode | undefined {
  if (state.loading) {
    return (
      <div role="status">
        <Progress />
        <Typography variant="body2" color="textSecondary">
          {state.loadingText}
        </Typography>
      </div>
    );
  }
  if (state.error) {
    return (
      <ErrorText role="alert">
        {state.errorText}: {messageOf(state.error)}
      </ErrorText>
    );
  }
  return undefined;
}
