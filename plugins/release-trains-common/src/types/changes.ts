/**
 * A commit merged into a service.
 *
 * @public
 */
export type Change = {
  commitSha: string;
  prNumber?: number;
  title: string;
  author: string;
  mergedAt?: string;
  issueKeys: string[];
  /** When it was committed, if CI said; never after `mergedAt`. */
  committedAt?: string;
  /** The labels of its pull request, as CI reported them; absent when none. */
  labels?: string[];
};

/**
 * How to find a change: by commit SHA (a prefix of at least 7 characters), PR
 * number, author or issue key; optionally within one service.
 *
 * @public
 */
export type ChangeQuery = {
  sha?: string;
  pr?: number;
  author?: string;
  issue?: string;
  service?: string;
};

/**
 * Whether a stage runs a change.
 *
 * @public
 */
export type ChangeStageStatus = {
  stage: string;
  title: string;
  /** True when the version the stage runs contains the change. */
  contains: boolean;
  /** Since when the stage has run a version containing it. */
  since?: string;
  /** The version the stage runs. */
  runningVersion?: string;
  /** When a train should bring the change here (an estimate). */
  expectedAt?: string;
};

/**
 * Where a change is: the version that brought it and each stage's status.
 *
 * @public
 */
export type ChangeLocation = {
  service: string;
  change: Change;
  /** The first version that contains the change; absent until one is built. */
  version?: string;
  stages: ChangeStageStatus[];
  /** The train departure that should carry it on, when its service rides one. */
  train?: { name: string; title: string; departsAt: string; cutoffAt: string };
};

/**
 * The answer to a change search.
 *
 * @public
 */
export type ChangeSearchResult = {
  items: ChangeLocation[];
};
