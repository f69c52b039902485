import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';

type Option = { value: string; label: string };

/** A select field whose options come from the Release Trains backend. */
function BackendSelect(
  props: FieldExtensionComponentProps<string> & {
    load: () => Promise<Option[]>;
    emptyLabel?: string;
    testId: string;
  },
) {
  const { schema, formData, onChange, required, rawErrors, load } = props;
  const { value: options, loading, error } = useAsync(load, []);
  return (
    <TextField
      select
      fullWidth
      margin="normal"
      label={schema.title}
      helperText={
        error
          ? `Could not load the options: ${error.message}`
          : schema.description
      }
      required={required}
      error={Boolean(error) || Boolean(rawErrors?.length)}
      disabled={loading}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value || undefined)}
      SelectProps={{
        SelectDisplayProps: { 'data-testid': props.testId } as any,
      }}
    >
      {props.emptyLabel && <MenuItem value="">{props.emptyLabel}</MenuItem>}
      {(options ?? []).map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Scaffolder field: one of the pipelines configured in Release Trains. */
export function ReleaseTrainsPipelinePicker(
  props: FieldExtensionComponentProps<string>,
) {
  const api = useApi(releaseTrainsApiRef);
  return (
    <BackendSelect
      {...props}
      testId="pipeline-picker"
      load={async () =>
        (await api.listPipelines()).items.map(pipeline => ({
          value: pipeline.name,
          label: `${pipeline.name} (${pipeline.stages
            .map(stage => stage.title)
            .join(' → ')})`,
        }))
      }
    />
  );
}

/** Scaffolder field: one of the trains configured in Release Trains, or none. */
export function ReleaseTrainsTrainPicker(
  props: FieldExtensionComponentProps<string>,
) {
  const api = useApi(releaseTrainsApiRef);
  return (
    <BackendSelect
      {...props}
      testId="train-picker"
      emptyLabel="No train"
      load={async () =>
        (await api.listTrains()).items.map(train => ({
          value: train.name,
          label: `${train.title} (${train.cron}, ${train.timeZone})`,
        }))
      }
    />
  );
}
