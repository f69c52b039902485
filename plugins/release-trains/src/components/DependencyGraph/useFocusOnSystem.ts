import { RefObject, useEffect, useRef } from 'react';

/**
 * Moves the keyboard focus to a system's button (its box, or its frame's
 * name once expanded) as soon as it is drawn, so that expanding or
 * collapsing by keyboard does not lose one's place.
 */
export function useFocusOnSystem(
  frame: RefObject<HTMLElement>,
  focus: { system: string; centreOnly?: boolean } | undefined,
  drawn: unknown,
) {
  const pending = useRef<string>();
  useEffect(() => {
    pending.current = focus?.centreOnly ? undefined : focus?.system;
  }, [focus]);
  useEffect(() => {
    if (pending.current === undefined) return;
    const button = [
      ...(frame.current?.querySelectorAll<SVGGElement>(
        '[data-group], [data-cluster-toggle]',
      ) ?? []),
    ].find(
      element =>
        (element.dataset.group ?? element.dataset.clusterToggle) ===
        pending.current,
    );
    if (!button) return;
    button.focus({ preventScroll: true });
    pending.current = undefined;
  }, [frame, drawn, focus]);
}
