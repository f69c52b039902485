import { useApi } from '@backstage/core-plugin-api';
import { ScaffolderTaskStatus as TaskStatus } from '@backstage/plugin-scaffolder-common';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { useCallback, useRef, useState } from 'react';
import useInterval from 'react-use/esm/useInterval';

const FINISHED: TaskStatus[] = ['completed', 'failed', 'cancelled', 'skipped'];

/** A scaffolder task started from the Release tab, as far as it has got. */
export type ReleaseTask = {
  taskId: string;
  title: string;
  status: TaskStatus;
};

/**
 * Starts a release template (promote-service, rollback-service) as a
 * scaffolder task, so that it has a task log, and follows it until it ends.
 */
export function useReleaseTask(onFinished: () => void) {
  const scaffolderApi = useApi(scaffolderApiRef);
  const [task, setTask] = useState<ReleaseTask>();
  const [error, setError] = useState<Error>();
  // Running from the click on, not only once the scaffolder has answered:
  // a second click meanwhile would start a second task.
  const [starting, setStarting] = useState(false);
  const startingNow = useRef(false);

  const start = useCallback(
    async (title: string, template: string, values: Record<string, string>) => {
      if (startingNow.current) return;
      startingNow.current = true;
      setStarting(true);
      setError(undefined);
      try {
        const { taskId } = await scaffolderApi.scaffold({
          templateRef: `template:default/${template}`,
          values,
        });
        setTask({ taskId, title, status: 'open' });
      } catch (e) {
        setError(e as Error);
      } finally {
        startingNow.current = false;
        setStarting(false);
      }
    },
    [scaffolderApi],
  );

  const running = task && !FINISHED.includes(task.status);
  useInterval(
    async () => {
      if (!task) return;
      try {
        const { status } = await scaffolderApi.getTask(task.taskId);
        setTask({ ...task, status });
        if (FINISHED.includes(status)) onFinished();
      } catch (e) {
        setError(e as Error);
      }
    },
    running ? 1500 : null,
  );

  return { task, running: starting || Boolean(running), error, start };
}
