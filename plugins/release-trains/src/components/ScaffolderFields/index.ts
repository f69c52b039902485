import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  ReleaseTrainsPipelinePicker,
  ReleaseTrainsTrainPicker,
} from './ReleaseTrainsPickers';

export { ReleaseTrainsPipelinePicker, ReleaseTrainsTrainPicker };

/** The pipeline picker as a scaffolder form field. */
export const pipelinePickerField = createFormField({
  name: 'ReleaseTrainsPipelinePicker',
  component: ReleaseTrainsPipelinePicker,
});

/** The train picker as a scaffolder form field. */
export const trainPickerField = createFormField({
  name: 'ReleaseTrainsTrainPicker',
  component: ReleaseTrainsTrainPicker,
});
