import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';

/** What the backend said, rather than "Request failed with 500 …". */
export const messageOf = (error: Error) =>
  (error as Partial<ResponseError>).cause?.message || error.message;

/** What the person types to confirm an action on production. */
export const confirmationWord = (service: string) =>
  parseEntityRef(service).name;

/**
 * The pull request's page, when the service's catalog entry names its
 * GitHub repository (`github.com/project-slug`, or a GitHub
 * `backstage.io/source-location`); the ledger records only the number.
 */
export function pullRequestUrl(
  entity: Entity | undefined,
  prNumber: number,
): string | undefined {
  const annotations = entity?.metadata.annotations ?? {};
  const slug =
    annotations['github.com/project-slug'] ??
    annotations['backstage.io/source-location']?.match(
      /github\.com\/([^/]+\/[^/#?]+)/,
    )?.[1];
  return slug
    ? `https://github.com/${slug.replace(/\.git$/, '')}/pull/${prNumber}`
    : undefined;
}
