// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'release-trains',
    version: '1',
    description:
      'The Release Trains ledger: pipelines, deploy history, CI ingestion and "where is my change". Every route needs Backstage credentials, except POST /events, which also accepts an HMAC signature of timestamp, delivery id and raw body. Every route shows only services whose catalog entities the caller may read; others answer 404 as if they did not exist. Bodies over 5 MB answer 413, bodies nested deeper than 32 levels 400.',
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/pipeline': {
      get: {
        operationId: 'GetPipeline',
        description:
          "Each stage of a service's pipeline, in order, with what it runs and what waits to enter it.",
        parameters: [
          {
            $ref: '#/components/parameters/Service',
          },
        ],
        responses: {
          '200': {
            description: 'The pipeline view.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PipelineView',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/deployments': {
      get: {
        operationId: 'ListDeployments',
        description:
          "The deploy history of a service, an owner's services, a system's, or every service the reader may see (none of the three), newest first, a page at a time. Services the reader may not see are left out; `service` names one or answers 404. Owners' and systems' services are those on a pipeline at the last catalog sync.\n",
        parameters: [
          {
            name: 'service',
            in: 'query',
            description:
              'Entity ref of the service; a bare name means component:default/<name>.',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'owner',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'system',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'stage',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/Name',
            },
          },
          {
            name: 'lastStage',
            in: 'query',
            description:
              "Only deployments into each service's last stage, the one the delivery insights count (not with `stage`).\n",
            schema: {
              type: 'boolean',
            },
          },
          {
            name: 'state',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/DeploymentState',
            },
          },
          {
            name: 'outcome',
            in: 'query',
            description:
              '`ran`: the deployments that put their version into the stage (succeeded, or succeeded and rolled back later); `failure`: those that failed or were rolled back.\n',
            schema: {
              $ref: '#/components/schemas/DeploymentOutcome',
            },
          },
          {
            name: 'kind',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/DeploymentKind',
            },
          },
          {
            name: 'ungated',
            in: 'query',
            description:
              "Only deployments that did (true) or did not (false) pass their stage's gate.",
            schema: {
              type: 'boolean',
            },
          },
          {
            name: 'createdBy',
            in: 'query',
            description:
              'Only deployments asked for by this person: an entity ref; a bare name means user:default/<name>.\n',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'from',
            in: 'query',
            description: 'Deployments created at or after this time.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            description: 'Deployments created before this time.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'finishedFrom',
            in: 'query',
            description:
              'Deployments that finished at or after this time (not those still running), as the delivery insights count them.\n',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'finishedTo',
            in: 'query',
            description:
              'Deployments that finished before this time; not before `finishedFrom`.\n',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'cursor',
            in: 'query',
            description: 'The nextCursor of the previous page.',
            schema: {
              type: 'string',
              maxLength: 512,
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 200,
              default: 50,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of deployments.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeploymentPage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      post: {
        operationId: 'RecordDeployment',
        description:
          'Records, by hand, a finished deployment of a version CI built (404 for one it did not) into a stage. Needs release-trains.deployment.create on the service. Into a stage with approvals it is recorded as ungated: it did not pass the gate.\n',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RecordDeploymentRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The recorded deployment.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Deployment',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/promotions': {
      post: {
        operationId: 'Promote',
        description:
          'Asks for a version to enter a stage (by default the stage after the furthest one it succeeded in). Answers the deployment, awaiting approval or in progress; 409 names the gates that block, or the deployment already in flight.\n',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/PromotionRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The deployment.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeploymentDetails',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/promotions/check': {
      get: {
        operationId: 'CheckPromotion',
        description: 'What each gate says about promoting a version now.',
        parameters: [
          {
            $ref: '#/components/parameters/Service',
          },
          {
            name: 'version',
            in: 'query',
            required: true,
            schema: {
              $ref: '#/components/schemas/Version',
            },
          },
          {
            name: 'stage',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/Name',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The verdict of every gate.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PromotionCheck',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/rollbacks': {
      post: {
        operationId: 'Rollback',
        description:
          'Rolls a stage back to an older version that ran there after passing its gate and was not rolled back itself (by default the newest such) and holds the stage; 409 says why another version cannot be.\n',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RollbackRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The rollback deployment.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeploymentDetails',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/deployments/{id}': {
      get: {
        operationId: 'GetDeployment',
        description: 'A deployment with its approvals.',
        parameters: [
          {
            $ref: '#/components/parameters/DeploymentId',
          },
        ],
        responses: {
          '200': {
            description: 'The deployment.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeploymentDetails',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/deployments/{id}/approvals': {
      post: {
        operationId: 'DecideApproval',
        description:
          "Approves or rejects a deployment awaiting approval. Only a catalog user may decide — a member of the stage's approver group when it names one — and never the requester (403); a repeated decision changes nothing.\n",
        parameters: [
          {
            $ref: '#/components/parameters/DeploymentId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ApprovalRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The deployment after the decision.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeploymentDetails',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/deployments/{id}/cancel': {
      post: {
        operationId: 'CancelDeployment',
        description:
          'Withdraws a request awaiting approval. Its requester may, and so may whoever the policy allows to promote the service, its owners (403 otherwise); 409 unless it awaits approval. A cancelled deployment is answered as it is, so a retry changes nothing.\n',
        parameters: [
          {
            $ref: '#/components/parameters/DeploymentId',
          },
        ],
        responses: {
          '200': {
            description: 'The deployment, cancelled.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeploymentDetails',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/deployments/{id}/resolve': {
      post: {
        operationId: 'ResolveDeployment',
        description:
          'Settles a deployment whose outcome its deployer could not tell (`unknown`): ask the deployer again (`retry-status`, back in progress until a new deadline), or record what a person found out (`mark-failed`, `mark-succeeded`). Needs the promote permission on the service, or the rollback permission for a rollback (403); 409 unless the deployment is unknown.\n',
        parameters: [
          {
            $ref: '#/components/parameters/DeploymentId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ResolveRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The deployment after the resolution.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeploymentDetails',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/deployments/{id}/rollout': {
      get: {
        operationId: 'GetRollout',
        description:
          "The progressive roll-out of a deployment (canary or blue-green): its steps, where it stands, the analysis' measurements and, when it was aborted, why and how long after the breach the rollback started. 404 when the deployment has none (its stage rolls out all at once).\n",
        parameters: [
          {
            $ref: '#/components/parameters/DeploymentId',
          },
        ],
        responses: {
          '200': {
            description: 'The roll-out.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Rollout',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/deployments/{id}/rollout/resume': {
      post: {
        operationId: 'ResumeRollout',
        description:
          'Goes on with a paused roll-out: past a manual pause, or the analysis step again from its start when it was inconclusive. Needs the promote permission on the service (403); 409 unless paused.\n',
        parameters: [
          {
            $ref: '#/components/parameters/DeploymentId',
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ResumeRolloutRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The roll-out, stepping again.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Rollout',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/deployments/{id}/rollout/abort': {
      post: {
        operationId: 'AbortRollout',
        description:
          'Aborts a roll-out and rolls the stage back to the version it ran before, holding the stage. Needs the rollback permission on the service (403); 409 unless the roll-out steps or is paused.\n',
        parameters: [
          {
            $ref: '#/components/parameters/DeploymentId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/AbortRolloutRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The roll-out, aborted, with the rollback it started.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Rollout',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/deployments/{id}/health': {
      post: {
        operationId: 'ReportHealth',
        description:
          "Health numbers of a deployment in progress, measured by the reporting system, for stages whose analysis uses the `push` provider. Authenticated like CI events: signed by a configured source (X-Release-Trains-Source, -Delivery and -Signature headers) or a service token whose subject is a source's; the source must report for the deployment's service (403). 404 for an unknown deployment, 409 for one not in progress. The newest report of a check counts; a retried delivery adds the same numbers again, which changes no verdict. Every report names a delivery id, as CI events do.",
        parameters: [
          {
            $ref: '#/components/parameters/DeploymentId',
          },
          {
            name: 'X-Release-Trains-Delivery',
            in: 'header',
            required: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
              pattern: '^[A-Za-z0-9._:-]+$',
            },
          },
          {
            name: 'X-Release-Trains-Source',
            in: 'header',
            schema: {
              type: 'string',
              maxLength: 63,
            },
          },
          {
            name: 'X-Release-Trains-Signature',
            in: 'header',
            schema: {
              type: 'string',
              maxLength: 100,
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/HealthReport',
              },
            },
          },
        },
        responses: {
          '202': {
            description: 'The numbers were recorded.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['accepted'],
                  properties: {
                    accepted: {
                      type: 'integer',
                      minimum: 0,
                    },
                  },
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/rehearsals': {
      get: {
        operationId: 'ListRehearsals',
        description:
          "A service's rollback rehearsals, newest first, optionally of one version.",
        parameters: [
          {
            name: 'service',
            in: 'query',
            required: true,
            schema: {
              $ref: '#/components/schemas/ServiceRef',
            },
          },
          {
            name: 'version',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/Version',
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The rehearsals.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/RollbackRehearsal',
                      },
                    },
                  },
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      post: {
        operationId: 'RehearseRollback',
        description:
          "Rehearses the rollback of a version in a stage before the last: deploys it (unless the stage runs it), rolls the stage back to the version before and deploys it again, each step through the gates and the stage's deployer, timed. A stage whose gates ask for a rehearsal lets the version in once one succeeded recently enough. Needs the promote and the rollback permission on the service (403); 409 in the last stage, while a rehearsal runs there, with nothing to roll back to, or when the first step is refused (the message says why).\n",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RehearsalRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The rehearsal, running.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RollbackRehearsal',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/changes/between': {
      get: {
        operationId: 'ListChangesBetween',
        description:
          'The changes a stage gains by moving from one version of a service to another (those of the versions built after `from`, up to `to`), newest first.\n',
        parameters: [
          {
            $ref: '#/components/parameters/Service',
          },
          {
            name: 'from',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/Version',
            },
          },
          {
            name: 'to',
            in: 'query',
            required: true,
            schema: {
              $ref: '#/components/schemas/Version',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The changes.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ChangeList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/trains': {
      get: {
        operationId: 'ListTrains',
        description:
          'The configured trains, their services and next departure.',
        responses: {
          '200': {
            description: 'The trains.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TrainList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/trains/departures': {
      get: {
        operationId: 'ListDepartures',
        description:
          'Departures of every train (or one) in a time range of at most 62 days, default the next 7; departures cancelled by a freeze say so.\n',
        parameters: [
          {
            $ref: '#/components/parameters/TrainId',
          },
          {
            name: 'from',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The departures, in time order.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TrainDepartureList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/trains/runs': {
      get: {
        operationId: 'ListTrainRuns',
        description: 'Train runs, newest first; `before` pages back.',
        parameters: [
          {
            $ref: '#/components/parameters/TrainId',
          },
          {
            name: 'before',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 20,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The runs.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TrainRunList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/trains/runs/{id}': {
      get: {
        operationId: 'GetTrainRun',
        description:
          "A run's manifest (service → version → changes) and progress.",
        parameters: [
          {
            $ref: '#/components/parameters/RunId',
          },
        ],
        responses: {
          '200': {
            description: 'The run.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TrainRunManifest',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/trains/{name}/calendar.ics': {
      get: {
        operationId: 'GetTrainCalendar',
        description:
          "The train's departures of the next `weeks` weeks as an iCalendar (RFC 5545) file: one event per departure (no recurrence rule), in the train's time zone (with its VTIMEZONE), frozen departures marked cancelled with the freeze's reason, and each freeze overlapping the weeks as an event of its own. Services listed are those the caller may read.\n",
        parameters: [
          {
            $ref: '#/components/parameters/TrainName',
          },
          {
            name: 'weeks',
            in: 'query',
            description: 'How many weeks ahead, from now.',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 26,
              default: 8,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The calendar.',
            content: {
              'text/calendar': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/trains/{name}/preview': {
      get: {
        operationId: 'PreviewDeparture',
        description:
          "What the train's next departure would carry if it left now: each service's newest eligible version, and those that would wait with why (built after the cut-off, over capacity). Only services the caller may read.\n",
        parameters: [
          {
            $ref: '#/components/parameters/TrainName',
          },
        ],
        responses: {
          '200': {
            description: 'The preview.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TrainDeparturePreview',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/graph': {
      get: {
        operationId: 'GetDependencyGraph',
        description:
          'The dependency graph in a stage: edges from dependsOn, APIs consumed from another service, and version requirements (the release-trains/requires annotation, or set through /requirements), each satisfied, violated, unknown (no requirement) or invalid (an unreadable range or version). With `service`, its neighbourhood to `depth` edges, both directions.\n',
        parameters: [
          {
            name: 'stage',
            in: 'query',
            required: true,
            schema: {
              $ref: '#/components/schemas/Name',
            },
          },
          {
            name: 'service',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'depth',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 10,
              default: 1,
            },
          },
          {
            name: 'owner',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'system',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'violations',
            in: 'query',
            schema: {
              type: 'boolean',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The graph.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DependencyGraph',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/insights/dora': {
      get: {
        operationId: 'GetDoraMetrics',
        description:
          "The five DORA metrics of a service, an owner's services, a system's, or the organisation's (none of the three), from the ledger's deployments into each service's last stage: over the period (default the last 90 days, at most 731 days) and per day, week or month of it in `timeZone`. Each figure comes with its sample count and, with enough samples, its band (docs/insights.md). Services the reader may not see are left out; `service` names one or answers 404.\n",
        parameters: [
          {
            name: 'service',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'owner',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'system',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'from',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'bucket',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['day', 'week', 'month'],
              default: 'week',
            },
          },
          {
            name: 'timeZone',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
              default: 'UTC',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The figures.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DoraReport',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/insights/dora/teams': {
      get: {
        operationId: 'GetDoraTeams',
        description:
          "The five DORA metrics of each team (owner) side by side, over the period (default the last 90 days, at most 731 days): of the organisation's teams, or of those owning services of a `system`. A team's figures cover the services it owns that the reader may see.\n",
        parameters: [
          {
            name: 'system',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'from',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The figures per team.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DoraTeamsReport',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/insights/lag': {
      get: {
        operationId: 'GetLagReport',
        description:
          "What waits between the stages of each service of a scope (a service, an owner's services, a system's, or the organisation's): per pair of adjacent stages, the versions and changes running upstream and not yet downstream, the oldest waiting change and its age, and the waiting changes at the start of each of the last `weeks` weeks (default 8, at most 52); and the lead time of the changes that reached the last stage in the last 90 days, split into commit to merge, merge to the first stage and the wait in each stage (docs/insights.md). Services the reader may not see are left out; `service` names one or answers 404.\n",
        parameters: [
          {
            name: 'service',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'owner',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'system',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'weeks',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 52,
              default: 8,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The lag.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/LagReport',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/insights/compliance': {
      get: {
        operationId: 'GetComplianceReport',
        description:
          'Gate compliance in the last stage of each service of a scope over the period (default the last 90 days, at most 731 days): the deployments that ran there, how many passed the gate and the share, and the ungated ones (the newest 100 per service; `truncated` says there were more); totals over the scope (docs/insights.md). Services the reader may not see are left out; `service` names one or answers 404.\n',
        parameters: [
          {
            name: 'service',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'owner',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'system',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'from',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The compliance.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ComplianceReport',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/insights/drift': {
      get: {
        operationId: 'GetDriftReport',
        description:
          "Where what the stages of a scope's services run departs from what their pipeline says they should: a stage running an ungated deployment, or a version that never ran in the stage before, and a last stage further behind the one before than releaseTrains.insights.drift allows (docs/insights.md). Services the reader may not see are left out; `service` names one or answers 404.\n",
        parameters: [
          {
            name: 'service',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'owner',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'system',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The drift.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DriftReport',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/requirements': {
      put: {
        operationId: 'SetRequirement',
        description:
          'Sets the semver range a service requires of another, over what its release-trains/requires annotation says. Setting the same range again changes nothing (`changed: false`).\n',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/VersionRequirement',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The requirement, and whether it changed.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/VersionRequirementResult',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      delete: {
        operationId: 'RemoveRequirement',
        description:
          "Removes a range set through the API; the annotation's, if any, applies again. Removing one that is not set changes nothing.\n",
        parameters: [
          {
            name: 'service',
            in: 'query',
            required: true,
            allowReserved: true,
            schema: {
              $ref: '#/components/schemas/ServiceRef',
            },
          },
          {
            name: 'dependency',
            in: 'query',
            required: true,
            allowReserved: true,
            schema: {
              $ref: '#/components/schemas/ServiceRef',
            },
          },
        ],
        responses: {
          '204': {
            description: 'Removed, or was not set.',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/pipelines': {
      get: {
        operationId: 'ListPipelines',
        description: 'The configured pipelines and their stages, in order.',
        responses: {
          '200': {
            description: 'The pipelines.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PipelineList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/services': {
      post: {
        operationId: 'RegisterService',
        description:
          "Registers a new service with a pipeline (and a train) before the catalog has processed it; answers the URL of its Release tab (201, or 200 for a repeat that changes nothing). A service already on a pipeline is not moved (409): its catalog entity's annotations say where it rides.\n",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RegisterServiceRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The service, registered before on the same pipeline and train.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RegisteredService',
                },
              },
            },
          },
          '201': {
            description: 'The registered service.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RegisteredService',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/events': {
      post: {
        operationId: 'IngestEvents',
        description:
          "CI events (version created, deployment started / succeeded / failed), one or a batch of up to 500, applied all or nothing, from a configured CI source (signed, or a service token whose subject is the source's) for the services it reports for (403 otherwise). Idempotent per source by the X-Release-Trains-Delivery header: a retried delivery changes nothing and gets the first answer again; the same id with another body answers 409. Events dated ahead of the server's clock by more than the allowed skew answer 400. A deployment into a stage with approvals is recorded as ungated.",
        parameters: [
          {
            name: 'X-Release-Trains-Delivery',
            in: 'header',
            required: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
              pattern: '^[A-Za-z0-9._:-]+$',
            },
          },
          {
            name: 'X-Release-Trains-Source',
            in: 'header',
            description: 'The configured source whose secret signed the body.',
            schema: {
              type: 'string',
              maxLength: 63,
            },
          },
          {
            name: 'X-Release-Trains-Signature',
            in: 'header',
            description:
              't=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<delivery id>.<raw body>" with the source\'s secret>; refused outside the tolerance window (default 5 minutes).',
            schema: {
              type: 'string',
              maxLength: 100,
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  {
                    $ref: '#/components/schemas/IngestionEvent',
                  },
                  {
                    $ref: '#/components/schemas/IngestionBatch',
                  },
                ],
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The events were applied (or had been, for a retried delivery).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/IngestionResult',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/changes': {
      get: {
        operationId: 'FindChanges',
        description:
          "Where is my change? Finds changes by SHA prefix, PR, author or issue key and tells each stage's status.",
        parameters: [
          {
            name: 'sha',
            in: 'query',
            schema: {
              type: 'string',
              minLength: 7,
              maxLength: 40,
              pattern: '^[0-9a-fA-F]+$',
            },
          },
          {
            name: 'pr',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 2147483647,
            },
          },
          {
            name: 'author',
            in: 'query',
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'issue',
            in: 'query',
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
            },
          },
          {
            name: 'service',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 20,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Matching changes, newest first.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ChangeSearchResult',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      Service: {
        name: 'service',
        in: 'query',
        required: true,
        description:
          'Entity ref of the service; a bare name means component:default/<name>.',
        allowReserved: true,
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 255,
        },
      },
      DeploymentId: {
        name: 'id',
        in: 'path',
        required: true,
        description: "The ledger's id of the deployment.",
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 36,
        },
      },
      RunId: {
        name: 'id',
        in: 'path',
        required: true,
        description: 'The id of the train run.',
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 36,
        },
      },
      TrainId: {
        name: 'train',
        in: 'query',
        description: "A train's name; without it, every train's.",
        schema: {
          $ref: '#/components/schemas/Name',
        },
      },
      TrainName: {
        name: 'name',
        in: 'path',
        required: true,
        description: "The train's name.",
        schema: {
          $ref: '#/components/schemas/Name',
        },
      },
    },
    responses: {
      ErrorResponse: {
        description: 'An error.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        description: "Backstage's error answer.",
        required: ['error', 'response'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
          },
          response: {
            type: 'object',
            required: ['statusCode'],
            properties: {
              statusCode: {
                type: 'integer',
              },
            },
          },
        },
      },
      ServiceRef: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
      },
      Name: {
        type: 'string',
        description: 'The name of a configured pipeline, stage or train.',
        minLength: 1,
        maxLength: 63,
        pattern: '^[a-z0-9][a-z0-9-]*$',
      },
      Version: {
        type: 'string',
        minLength: 1,
        maxLength: 128,
        pattern: '^[A-Za-z0-9][A-Za-z0-9._+-]*$',
      },
      CommitSha: {
        type: 'string',
        minLength: 7,
        maxLength: 40,
        pattern: '^[0-9a-fA-F]+$',
      },
      Timestamp: {
        type: 'string',
        format: 'date-time',
      },
      Reason: {
        type: 'string',
        minLength: 1,
        maxLength: 1000,
      },
      DeploymentKind: {
        type: 'string',
        description: 'How a deployment came about.',
        enum: ['deploy', 'promote', 'rollback'],
      },
      DeploymentOutcome: {
        type: 'string',
        description:
          'A group of deployment states: `ran` (succeeded, rolled-back), `failure` (failed, rolled-back).\n',
        enum: ['ran', 'failure'],
      },
      DeploymentState: {
        type: 'string',
        description: 'Where a deployment stands.',
        enum: [
          'pending',
          'awaiting-approval',
          'in-progress',
          'unknown',
          'succeeded',
          'failed',
          'rolled-back',
          'cancelled',
        ],
      },
      Deployment: {
        type: 'object',
        description:
          'One recorded attempt to put a version of a service into a stage.',
        additionalProperties: false,
        required: [
          'id',
          'service',
          'stage',
          'version',
          'kind',
          'state',
          'createdBy',
          'createdAt',
        ],
        properties: {
          id: {
            type: 'string',
          },
          service: {
            type: 'string',
            description:
              'Entity ref of the service, e.g. `component:default/payments`.',
          },
          stage: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          kind: {
            $ref: '#/components/schemas/DeploymentKind',
          },
          state: {
            $ref: '#/components/schemas/DeploymentState',
          },
          reason: {
            type: 'string',
            description: 'Why it failed or was rolled back, when known.',
          },
          createdBy: {
            type: 'string',
            description:
              'Entity ref of the user or the subject of the service that recorded it.',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          startedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          finishedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          deployer: {
            type: 'string',
            description:
              'The deployer that carries it out, for promotions and rollbacks.',
          },
          deployerError: {
            type: 'string',
            description:
              'What went wrong asking the deployer: its last error, or why it cannot tell how the deployment went.\n',
          },
          trainRunId: {
            type: 'string',
            description: 'The train run it rode, if a train carried it.',
          },
          ungated: {
            type: 'boolean',
            description:
              'Changed what a stage with approvals runs without passing its gate.',
          },
        },
      },
      DeploymentDetails: {
        type: 'object',
        description:
          'A deployment with its approvals and what its stage requires.',
        additionalProperties: false,
        required: [
          'id',
          'service',
          'stage',
          'version',
          'kind',
          'state',
          'createdBy',
          'createdAt',
          'approvals',
          'approvalsRequired',
        ],
        properties: {
          id: {
            type: 'string',
          },
          service: {
            type: 'string',
            description:
              'Entity ref of the service, e.g. `component:default/payments`.',
          },
          stage: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          kind: {
            $ref: '#/components/schemas/DeploymentKind',
          },
          state: {
            $ref: '#/components/schemas/DeploymentState',
          },
          reason: {
            type: 'string',
            description: 'Why it failed or was rolled back, when known.',
          },
          createdBy: {
            type: 'string',
            description:
              'Entity ref of the user or the subject of the service that recorded it.',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          startedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          finishedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          deployer: {
            type: 'string',
            description:
              'The deployer that carries it out, for promotions and rollbacks.',
          },
          deployerError: {
            type: 'string',
            description:
              'What went wrong asking the deployer: its last error, or why it cannot tell how the deployment went.\n',
          },
          trainRunId: {
            type: 'string',
            description: 'The train run it rode, if a train carried it.',
          },
          ungated: {
            type: 'boolean',
            description:
              'Changed what a stage with approvals runs without passing its gate.',
          },
          approvals: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Approval',
            },
          },
          approvalsRequired: {
            type: 'integer',
          },
          approverGroup: {
            type: 'string',
            description:
              'The catalog group whose members may approve, when the stage names one.',
          },
          eligibility: {
            $ref: '#/components/schemas/ApprovalEligibility',
          },
        },
      },
      ResolveAction: {
        type: 'string',
        description:
          'How a person settles a deployment whose outcome is unknown.',
        enum: ['retry-status', 'mark-failed', 'mark-succeeded'],
      },
      ResolveRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['action', 'reason'],
        properties: {
          action: {
            $ref: '#/components/schemas/ResolveAction',
          },
          reason: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
            description:
              'What the person found out, recorded with the deployment.',
          },
        },
      },
      ApprovalDecision: {
        type: 'string',
        enum: ['approve', 'reject'],
      },
      Approval: {
        type: 'object',
        description: "An approver's recorded decision.",
        additionalProperties: false,
        required: ['approver', 'decision', 'at'],
        properties: {
          approver: {
            type: 'string',
          },
          decision: {
            $ref: '#/components/schemas/ApprovalDecision',
          },
          comment: {
            type: 'string',
          },
          at: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      ApprovalEligibility: {
        type: 'object',
        description:
          'While a deployment awaits approval, whether the caller may decide, and why (not).',
        additionalProperties: false,
        required: ['allowed', 'reason'],
        properties: {
          allowed: {
            type: 'boolean',
          },
          reason: {
            type: 'string',
          },
        },
      },
      DeploymentPage: {
        type: 'object',
        description:
          'A page of deployments, newest first; `nextCursor` fetches the next page.',
        additionalProperties: false,
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Deployment',
            },
          },
          nextCursor: {
            type: 'string',
          },
        },
      },
      RecordDeploymentRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['service', 'stage', 'version'],
        properties: {
          service: {
            $ref: '#/components/schemas/ServiceRef',
          },
          stage: {
            $ref: '#/components/schemas/Name',
          },
          version: {
            $ref: '#/components/schemas/Version',
          },
          kind: {
            $ref: '#/components/schemas/DeploymentKind',
          },
        },
      },
      PromotionRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['service', 'version'],
        properties: {
          service: {
            $ref: '#/components/schemas/ServiceRef',
          },
          version: {
            $ref: '#/components/schemas/Version',
          },
          stage: {
            $ref: '#/components/schemas/Name',
          },
          reason: {
            $ref: '#/components/schemas/Reason',
          },
        },
      },
      RollbackRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['service', 'stage', 'reason'],
        properties: {
          service: {
            $ref: '#/components/schemas/ServiceRef',
          },
          stage: {
            $ref: '#/components/schemas/Name',
          },
          version: {
            $ref: '#/components/schemas/Version',
          },
          reason: {
            $ref: '#/components/schemas/Reason',
          },
        },
      },
      HealthCheckKind: {
        type: 'string',
        enum: ['error-rate', 'latency-p95', 'health-check', 'burn-rate'],
      },
      RolloutStep: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'weight'],
            properties: {
              kind: {
                type: 'string',
                enum: ['set-weight'],
              },
              weight: {
                type: 'integer',
                minimum: 0,
                maximum: 100,
              },
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['kind'],
            properties: {
              kind: {
                type: 'string',
                enum: ['pause'],
              },
              seconds: {
                type: 'number',
                exclusiveMinimum: 0,
              },
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['kind'],
            properties: {
              kind: {
                type: 'string',
                enum: ['analysis'],
              },
            },
          },
        ],
      },
      RolloutMeasurement: {
        type: 'object',
        additionalProperties: false,
        required: ['stepIndex', 'check', 'phase', 'threshold', 'measuredAt'],
        properties: {
          stepIndex: {
            type: 'integer',
            minimum: 0,
          },
          check: {
            $ref: '#/components/schemas/HealthCheckKind',
          },
          phase: {
            type: 'string',
            enum: ['successful', 'failed', 'inconclusive', 'error'],
          },
          canary: {
            type: 'number',
          },
          baseline: {
            type: 'number',
          },
          value: {
            type: 'number',
            description:
              'What met the threshold (the difference to the baseline for error rate and latency).',
          },
          threshold: {
            type: 'number',
          },
          reason: {
            type: 'string',
          },
          measuredAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      Rollout: {
        type: 'object',
        additionalProperties: false,
        required: [
          'deploymentId',
          'strategy',
          'runsAs',
          'steps',
          'stepIndex',
          'weight',
          'phase',
          'checks',
          'measurements',
        ],
        properties: {
          deploymentId: {
            type: 'string',
          },
          strategy: {
            type: 'string',
            enum: ['canary', 'blue-green'],
          },
          runsAs: {
            type: 'string',
            enum: ['canary', 'blue-green', 'rolling'],
          },
          note: {
            type: 'string',
          },
          baselineVersion: {
            $ref: '#/components/schemas/Version',
          },
          steps: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RolloutStep',
            },
          },
          stepIndex: {
            type: 'integer',
            minimum: 0,
          },
          stepStartedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          weight: {
            type: 'integer',
            minimum: 0,
            maximum: 100,
          },
          phase: {
            type: 'string',
            enum: ['deploying', 'stepping', 'paused', 'completed', 'aborted'],
          },
          pausedReason: {
            type: 'string',
          },
          abortReason: {
            type: 'string',
          },
          breachedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          rollbackDeploymentId: {
            type: 'string',
          },
          rollbackStartedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          breachToRollbackMs: {
            type: 'number',
            minimum: 0,
          },
          checks: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['kind', 'threshold'],
              properties: {
                kind: {
                  $ref: '#/components/schemas/HealthCheckKind',
                },
                threshold: {
                  type: 'number',
                },
              },
            },
          },
          measurements: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RolloutMeasurement',
            },
          },
        },
      },
      ResumeRolloutRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          reason: {
            type: 'string',
            maxLength: 1000,
          },
        },
      },
      AbortRolloutRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['reason'],
        properties: {
          reason: {
            $ref: '#/components/schemas/Reason',
          },
        },
      },
      HealthReport: {
        type: 'object',
        additionalProperties: false,
        required: ['samples'],
        properties: {
          samples: {
            type: 'array',
            minItems: 1,
            maxItems: 20,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['check'],
              properties: {
                check: {
                  $ref: '#/components/schemas/HealthCheckKind',
                },
                canary: {
                  type: 'number',
                  description:
                    "The new version's value (error rate 0 to 1, latency ms, health check 1 or 0, burn rate).",
                },
                baseline: {
                  type: 'number',
                  description:
                    "The baseline's value, where the check compares.",
                },
              },
            },
          },
        },
      },
      RehearsalRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['service', 'stage'],
        properties: {
          service: {
            $ref: '#/components/schemas/ServiceRef',
          },
          stage: {
            $ref: '#/components/schemas/Name',
          },
          version: {
            $ref: '#/components/schemas/Version',
          },
        },
      },
      RollbackRehearsal: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'service',
          'stage',
          'version',
          'previousVersion',
          'phase',
          'state',
          'requestedBy',
          'startedAt',
          'phaseStartedAt',
        ],
        properties: {
          id: {
            type: 'string',
          },
          service: {
            type: 'string',
          },
          stage: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          previousVersion: {
            type: 'string',
          },
          phase: {
            type: 'string',
            enum: ['deploy', 'rollback', 'redeploy', 'done'],
          },
          state: {
            type: 'string',
            enum: ['running', 'succeeded', 'failed'],
          },
          deploymentId: {
            type: 'string',
          },
          rollbackMs: {
            type: 'number',
            minimum: 0,
          },
          redeployMs: {
            type: 'number',
            minimum: 0,
          },
          reason: {
            type: 'string',
          },
          requestedBy: {
            type: 'string',
          },
          startedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          phaseStartedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          finishedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      ApprovalRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['decision'],
        properties: {
          decision: {
            $ref: '#/components/schemas/ApprovalDecision',
          },
          comment: {
            type: 'string',
            maxLength: 1000,
          },
        },
      },
      Gate: {
        type: 'string',
        description: 'One of the checks a promotion must pass.',
        enum: [
          'order',
          'hold',
          'in-flight',
          'soak',
          'window',
          'freeze',
          'dependencies',
          'previous-stage-health',
          'rehearsal',
          'approvals',
        ],
      },
      GateVerdict: {
        type: 'object',
        description:
          'What a gate says about a promotion; `reason` explains, also when it passes.',
        additionalProperties: false,
        required: ['gate', 'passed', 'reason'],
        properties: {
          gate: {
            $ref: '#/components/schemas/Gate',
          },
          passed: {
            type: 'boolean',
          },
          reason: {
            type: 'string',
          },
          unmetRequirements: {
            type: 'array',
            description:
              "The dependencies gate's services whose required range the stage fails.",
            items: {
              type: 'string',
            },
          },
        },
      },
      PromotionCheck: {
        type: 'object',
        description:
          'Whether a promotion could start now, and what each gate says.',
        additionalProperties: false,
        required: ['service', 'version', 'stage', 'allowed', 'gates'],
        properties: {
          service: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          stage: {
            type: 'string',
          },
          allowed: {
            type: 'boolean',
            description: 'True when nothing but approvals stands in the way.',
          },
          gates: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/GateVerdict',
            },
          },
          approverGroup: {
            type: 'string',
            description:
              'The group whose members must approve, when the stage names one.',
          },
        },
      },
      PipelineView: {
        type: 'object',
        description:
          "A service's pipeline with the state of each of its stages, in order.",
        additionalProperties: false,
        required: ['service', 'pipeline', 'stages'],
        properties: {
          service: {
            type: 'string',
          },
          pipeline: {
            type: 'string',
          },
          stages: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/StageStatus',
            },
          },
        },
      },
      StageStatus: {
        type: 'object',
        description: 'What a stage runs now, and what waits to enter it.',
        additionalProperties: false,
        required: ['stage', 'title', 'waiting'],
        properties: {
          stage: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          current: {
            type: 'object',
            description:
              'The version running in the stage; absent if it never ran one.',
            additionalProperties: false,
            required: [
              'id',
              'version',
              'kind',
              'state',
              'createdBy',
              'createdAt',
              'since',
            ],
            properties: {
              id: {
                type: 'string',
              },
              version: {
                type: 'string',
              },
              kind: {
                $ref: '#/components/schemas/DeploymentKind',
              },
              state: {
                $ref: '#/components/schemas/DeploymentState',
              },
              createdBy: {
                type: 'string',
              },
              createdAt: {
                $ref: '#/components/schemas/Timestamp',
              },
              ungated: {
                type: 'boolean',
              },
              since: {
                $ref: '#/components/schemas/Timestamp',
                description: 'Since when the stage runs this version.',
              },
            },
          },
          inFlight: {
            type: 'object',
            description:
              'A deployment into the stage that has not finished yet.',
            additionalProperties: false,
            required: ['id', 'version', 'kind', 'state', 'createdAt'],
            properties: {
              id: {
                type: 'string',
              },
              version: {
                type: 'string',
              },
              kind: {
                $ref: '#/components/schemas/DeploymentKind',
              },
              state: {
                $ref: '#/components/schemas/DeploymentState',
              },
              createdAt: {
                $ref: '#/components/schemas/Timestamp',
              },
            },
          },
          waiting: {
            type: 'array',
            description:
              'Newer versions waiting to enter the stage, newest first.',
            items: {
              $ref: '#/components/schemas/WaitingVersion',
            },
          },
          hold: {
            $ref: '#/components/schemas/StageHold',
          },
          compliance: {
            $ref: '#/components/schemas/GateCompliance',
          },
          rehearsal: {
            $ref: '#/components/schemas/RollbackRehearsal',
            description:
              "The latest rehearsal of the current version's rollback in this stage.",
          },
          rehearsalRequired: {
            type: 'boolean',
            description:
              'Whether a version may enter only after its rollback was rehearsed.',
          },
          rollbackTarget: {
            type: 'string',
            description:
              'The version a rollback of the stage would return to, by the rule the rollback itself applies; absent when none qualifies.',
          },
        },
      },
      WaitingVersion: {
        type: 'object',
        description:
          'A version waiting to enter a stage: it has passed the stage before (or been built, for the first stage) and is newer than what the stage runs.',
        additionalProperties: false,
        required: ['version'],
        properties: {
          version: {
            type: 'string',
          },
          commitSha: {
            type: 'string',
          },
          builtAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      StageHold: {
        type: 'object',
        description:
          'A stage held after a rollback: only an explicit promotion of a newer version releases it.',
        additionalProperties: false,
        required: ['by', 'reason', 'at'],
        properties: {
          by: {
            type: 'string',
            description: 'Who rolled the stage back.',
          },
          reason: {
            type: 'string',
          },
          at: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      GateCompliance: {
        type: 'object',
        description:
          'For a stage with approvals, how many deployments that ran there passed its gate.',
        additionalProperties: false,
        required: ['deployments', 'gated'],
        properties: {
          deployments: {
            type: 'integer',
            description:
              'Deployments that ran in the stage (succeeded, or rolled back later).',
          },
          gated: {
            type: 'integer',
            description: 'Of those, the ones that passed the gate.',
          },
        },
      },
      PipelineSummary: {
        type: 'object',
        description: 'A configured pipeline and its stages, in order.',
        additionalProperties: false,
        required: ['name', 'stages'],
        properties: {
          name: {
            type: 'string',
          },
          stages: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'title'],
              properties: {
                name: {
                  type: 'string',
                },
                title: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      PipelineList: {
        type: 'object',
        additionalProperties: false,
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PipelineSummary',
            },
          },
        },
      },
      Change: {
        type: 'object',
        description: 'A commit merged into a service.',
        additionalProperties: false,
        required: ['commitSha', 'title', 'author', 'issueKeys'],
        properties: {
          commitSha: {
            type: 'string',
          },
          prNumber: {
            type: 'integer',
          },
          title: {
            type: 'string',
          },
          author: {
            type: 'string',
          },
          mergedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          issueKeys: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          committedAt: {
            $ref: '#/components/schemas/Timestamp',
            description:
              'When it was committed, when CI said; never after `mergedAt`.',
          },
          labels: {
            type: 'array',
            description:
              'The labels of its pull request, as CI reported them; absent when none.',
            items: {
              type: 'string',
            },
          },
        },
      },
      ChangeList: {
        type: 'object',
        additionalProperties: false,
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Change',
            },
          },
        },
      },
      ChangeStageStatus: {
        type: 'object',
        description: 'Whether a stage runs a change.',
        additionalProperties: false,
        required: ['stage', 'title', 'contains'],
        properties: {
          stage: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          contains: {
            type: 'boolean',
            description:
              'True when the version the stage runs contains the change.',
          },
          since: {
            $ref: '#/components/schemas/Timestamp',
            description:
              'Since when the stage has run a version containing it.',
          },
          runningVersion: {
            type: 'string',
            description: 'The version the stage runs.',
          },
          expectedAt: {
            $ref: '#/components/schemas/Timestamp',
            description:
              'When a train should bring the change here (an estimate).',
          },
        },
      },
      ChangeLocation: {
        type: 'object',
        description:
          "Where a change is, the version that brought it and each stage's status.",
        additionalProperties: false,
        required: ['service', 'change', 'stages'],
        properties: {
          service: {
            type: 'string',
          },
          change: {
            $ref: '#/components/schemas/Change',
          },
          version: {
            type: 'string',
            description:
              'The first version that contains the change; absent until one is built.',
          },
          stages: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ChangeStageStatus',
            },
          },
          train: {
            type: 'object',
            description:
              'The train departure that should carry it on, when its service rides one.',
            additionalProperties: false,
            required: ['name', 'title', 'departsAt', 'cutoffAt'],
            properties: {
              name: {
                type: 'string',
              },
              title: {
                type: 'string',
              },
              departsAt: {
                $ref: '#/components/schemas/Timestamp',
              },
              cutoffAt: {
                $ref: '#/components/schemas/Timestamp',
              },
            },
          },
        },
      },
      ChangeSearchResult: {
        type: 'object',
        additionalProperties: false,
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ChangeLocation',
            },
          },
        },
      },
      TrainDeparture: {
        type: 'object',
        description: 'One scheduled departure of a train.',
        additionalProperties: false,
        required: ['train', 'departsAt', 'cutoffAt'],
        properties: {
          train: {
            type: 'string',
          },
          departsAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          cutoffAt: {
            $ref: '#/components/schemas/Timestamp',
            description:
              'Versions built after this wait for the next departure.',
          },
          frozen: {
            type: 'object',
            description: 'Set when a freeze cancels the departure.',
            additionalProperties: false,
            required: ['reason'],
            properties: {
              reason: {
                type: 'string',
              },
            },
          },
        },
      },
      TrainFreeze: {
        type: 'object',
        description:
          'No departure in this period, as configured: recurring (`cron`, `durationMinutes`, `timeZone`) or from `start` to `end`.',
        additionalProperties: false,
        required: ['reason'],
        properties: {
          reason: {
            type: 'string',
          },
          start: {
            type: 'string',
          },
          end: {
            type: 'string',
          },
          cron: {
            type: 'string',
          },
          durationMinutes: {
            type: 'number',
          },
          timeZone: {
            type: 'string',
          },
        },
      },
      Train: {
        type: 'object',
        description: 'A release train as configured, with its next departure.',
        additionalProperties: false,
        required: [
          'name',
          'title',
          'cron',
          'timeZone',
          'cutoffMinutes',
          'pipeline',
          'boardsFrom',
          'services',
          'freezes',
        ],
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          cron: {
            type: 'string',
          },
          timeZone: {
            type: 'string',
          },
          cutoffMinutes: {
            type: 'number',
          },
          pipeline: {
            type: 'string',
          },
          boardsFrom: {
            type: 'string',
          },
          maxChanges: {
            type: 'integer',
          },
          services: {
            type: 'array',
            description: 'Entity refs of the services that ride it.',
            items: {
              type: 'string',
            },
          },
          freezes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TrainFreeze',
            },
          },
          next: {
            $ref: '#/components/schemas/TrainDeparture',
          },
        },
      },
      TrainList: {
        type: 'object',
        additionalProperties: false,
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Train',
            },
          },
        },
      },
      TrainDepartureList: {
        type: 'object',
        additionalProperties: false,
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TrainDeparture',
            },
          },
        },
      },
      TrainRunState: {
        type: 'string',
        description: 'Where a train run is.',
        enum: [
          'boarding',
          'departed',
          'in-stage',
          'arrived',
          'partially-rolled-back',
          'cancelled',
        ],
      },
      TrainRunItemState: {
        type: 'string',
        enum: [
          'boarded',
          'in-progress',
          'awaiting-approval',
          'arrived',
          'failed',
          'blocked',
          'waiting',
        ],
      },
      TrainRunItem: {
        type: 'object',
        description:
          'What a train run carries for one service, and where it is.',
        additionalProperties: false,
        required: ['service', 'state', 'changeCount'],
        properties: {
          service: {
            type: 'string',
          },
          version: {
            type: 'string',
            description: 'The version boarded; absent when the service waits.',
          },
          fromVersion: {
            type: 'string',
            description:
              'What the first stage after boarding ran at departure.',
          },
          state: {
            $ref: '#/components/schemas/TrainRunItemState',
          },
          stage: {
            type: 'string',
          },
          deploymentId: {
            type: 'string',
          },
          changeCount: {
            type: 'integer',
            description: 'How many changes the version brings.',
          },
          reason: {
            type: 'string',
          },
        },
      },
      TrainRun: {
        type: 'object',
        description: 'A departure of a train, its state and what it carries.',
        additionalProperties: false,
        required: [
          'id',
          'train',
          'departsAt',
          'cutoffAt',
          'state',
          'createdAt',
          'items',
        ],
        properties: {
          id: {
            type: 'string',
          },
          train: {
            type: 'string',
          },
          departsAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          cutoffAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          state: {
            $ref: '#/components/schemas/TrainRunState',
          },
          stage: {
            type: 'string',
            description: 'When in-stage, the stage the run is in.',
          },
          reason: {
            type: 'string',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          finishedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TrainRunItem',
            },
          },
        },
      },
      TrainRunList: {
        type: 'object',
        additionalProperties: false,
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TrainRun',
            },
          },
        },
      },
      TrainRunManifest: {
        type: 'object',
        description:
          'A train run with, for each service, the changes its version brings.',
        additionalProperties: false,
        required: [
          'id',
          'train',
          'departsAt',
          'cutoffAt',
          'state',
          'createdAt',
          'items',
        ],
        properties: {
          id: {
            type: 'string',
          },
          train: {
            type: 'string',
          },
          departsAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          cutoffAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          state: {
            $ref: '#/components/schemas/TrainRunState',
          },
          stage: {
            type: 'string',
            description: 'When in-stage, the stage the run is in.',
          },
          reason: {
            type: 'string',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          finishedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TrainRunManifestItem',
            },
          },
        },
      },
      TrainDeparturePreview: {
        type: 'object',
        description:
          "What a train's next departure would carry if it left now; nothing is recorded.",
        additionalProperties: false,
        required: ['train', 'departsAt', 'cutoffAt', 'items'],
        properties: {
          train: {
            type: 'string',
          },
          departsAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          cutoffAt: {
            $ref: '#/components/schemas/Timestamp',
            description:
              'Versions built after this wait for the next departure.',
          },
          items: {
            type: 'array',
            description:
              'Boarded, or waiting with the reason (built after the cut-off, over capacity).',
            items: {
              $ref: '#/components/schemas/TrainRunItem',
            },
          },
        },
      },
      TrainRunManifestItem: {
        type: 'object',
        description: 'A train run item with the changes its version brings.',
        additionalProperties: false,
        required: ['service', 'state', 'changeCount', 'changeList'],
        properties: {
          service: {
            type: 'string',
          },
          version: {
            type: 'string',
            description: 'The version boarded; absent when the service waits.',
          },
          fromVersion: {
            type: 'string',
            description:
              'What the first stage after boarding ran at departure.',
          },
          state: {
            $ref: '#/components/schemas/TrainRunItemState',
          },
          stage: {
            type: 'string',
          },
          deploymentId: {
            type: 'string',
          },
          changeCount: {
            type: 'integer',
            description: 'How many changes the version brings.',
          },
          reason: {
            type: 'string',
          },
          changeList: {
            type: 'array',
            description: 'The changes, newest first, at most 50.',
            items: {
              $ref: '#/components/schemas/Change',
            },
          },
        },
      },
      DependencyNode: {
        type: 'object',
        description:
          'A service in the dependency graph, with what the stage runs of it.',
        additionalProperties: false,
        required: ['service'],
        properties: {
          service: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          system: {
            type: 'string',
          },
          runningVersion: {
            type: 'string',
          },
        },
      },
      DependencyEdge: {
        type: 'object',
        description:
          '`from` depends on `to` (`dependsOn`, an API `to` provides, or a version requirement); with a requirement, whether the stage satisfies it.',
        additionalProperties: false,
        required: ['from', 'to', 'verdict', 'reason'],
        properties: {
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          apis: {
            type: 'array',
            description: 'The APIs `from` consumes that `to` provides, if any.',
            items: {
              type: 'string',
            },
          },
          range: {
            type: 'string',
            description: 'The semver range `from` requires of `to`.',
          },
          rangeSource: {
            type: 'string',
            description:
              'Where the range comes from, the annotation or the API.',
            enum: ['annotation', 'api'],
          },
          runningVersion: {
            type: 'string',
            description: 'The version of `to` the stage runs.',
          },
          verdict: {
            type: 'string',
            enum: ['satisfied', 'violated', 'unknown', 'invalid'],
          },
          reason: {
            type: 'string',
          },
        },
      },
      DoraBand: {
        type: 'string',
        enum: ['elite', 'high', 'medium', 'low'],
      },
      DoraBandBounds: {
        type: 'object',
        required: ['elite', 'high', 'medium'],
        additionalProperties: false,
        properties: {
          elite: {
            type: 'number',
          },
          high: {
            type: 'number',
          },
          medium: {
            type: 'number',
          },
        },
      },
      DoraBandThresholds: {
        type: 'object',
        required: [
          'deploymentsPerDay',
          'leadTimeHours',
          'changeFailRate',
          'recoveryHours',
        ],
        additionalProperties: false,
        properties: {
          deploymentsPerDay: {
            $ref: '#/components/schemas/DoraBandBounds',
          },
          leadTimeHours: {
            $ref: '#/components/schemas/DoraBandBounds',
          },
          changeFailRate: {
            $ref: '#/components/schemas/DoraBandBounds',
          },
          recoveryHours: {
            $ref: '#/components/schemas/DoraBandBounds',
          },
        },
      },
      DoraDuration: {
        type: 'object',
        required: ['samples', 'enough'],
        additionalProperties: false,
        properties: {
          samples: {
            type: 'integer',
            minimum: 0,
          },
          enough: {
            type: 'boolean',
          },
          medianSeconds: {
            type: 'number',
          },
          p90Seconds: {
            type: 'number',
          },
          band: {
            $ref: '#/components/schemas/DoraBand',
          },
        },
      },
      DoraRate: {
        type: 'object',
        required: ['samples', 'count', 'enough'],
        additionalProperties: false,
        properties: {
          samples: {
            type: 'integer',
            minimum: 0,
          },
          count: {
            type: 'integer',
            minimum: 0,
          },
          enough: {
            type: 'boolean',
          },
          rate: {
            type: 'number',
            minimum: 0,
            maximum: 1,
          },
          band: {
            $ref: '#/components/schemas/DoraBand',
          },
        },
      },
      DoraFigures: {
        type: 'object',
        required: [
          'deploymentFrequency',
          'leadTime',
          'changeFailRate',
          'recoveryTime',
          'reworkRate',
        ],
        properties: {
          deploymentFrequency: {
            type: 'object',
            required: ['deployments', 'perDay', 'band'],
            additionalProperties: false,
            properties: {
              deployments: {
                type: 'integer',
                minimum: 0,
              },
              perDay: {
                type: 'number',
                minimum: 0,
              },
              band: {
                $ref: '#/components/schemas/DoraBand',
              },
            },
          },
          leadTime: {
            type: 'object',
            required: ['fromCommit', 'fromMerge'],
            additionalProperties: false,
            properties: {
              fromCommit: {
                $ref: '#/components/schemas/DoraDuration',
              },
              fromMerge: {
                $ref: '#/components/schemas/DoraDuration',
              },
              band: {
                $ref: '#/components/schemas/DoraBand',
              },
            },
          },
          changeFailRate: {
            $ref: '#/components/schemas/DoraRate',
          },
          recoveryTime: {
            $ref: '#/components/schemas/DoraDuration',
          },
          reworkRate: {
            $ref: '#/components/schemas/DoraRate',
          },
        },
      },
      DoraTeamsReport: {
        type: 'object',
        required: ['from', 'to', 'minimumSamples', 'bands', 'teams'],
        additionalProperties: false,
        properties: {
          system: {
            type: 'string',
          },
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          minimumSamples: {
            type: 'integer',
            minimum: 1,
          },
          bands: {
            $ref: '#/components/schemas/DoraBandThresholds',
          },
          teams: {
            type: 'array',
            items: {
              type: 'object',
              required: ['owner', 'serviceCount', 'totals'],
              additionalProperties: false,
              properties: {
                owner: {
                  type: 'string',
                },
                serviceCount: {
                  type: 'integer',
                  minimum: 0,
                },
                totals: {
                  $ref: '#/components/schemas/DoraFigures',
                },
              },
            },
          },
        },
      },
      DoraReport: {
        type: 'object',
        required: [
          'scope',
          'serviceCount',
          'from',
          'to',
          'bucket',
          'timeZone',
          'minimumSamples',
          'bands',
          'totals',
          'buckets',
        ],
        additionalProperties: false,
        properties: {
          scope: {
            type: 'object',
            additionalProperties: false,
            properties: {
              service: {
                type: 'string',
              },
              owner: {
                type: 'string',
              },
              system: {
                type: 'string',
              },
            },
          },
          serviceCount: {
            type: 'integer',
            minimum: 0,
          },
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          bucket: {
            type: 'string',
            enum: ['day', 'week', 'month'],
          },
          timeZone: {
            type: 'string',
          },
          minimumSamples: {
            type: 'integer',
            minimum: 1,
          },
          bands: {
            $ref: '#/components/schemas/DoraBandThresholds',
          },
          totals: {
            $ref: '#/components/schemas/DoraFigures',
          },
          buckets: {
            type: 'array',
            items: {
              allOf: [
                {
                  $ref: '#/components/schemas/DoraFigures',
                },
                {
                  type: 'object',
                  required: ['start', 'end'],
                  properties: {
                    start: {
                      type: 'string',
                      format: 'date-time',
                    },
                    end: {
                      type: 'string',
                      format: 'date-time',
                    },
                  },
                },
              ],
            },
          },
        },
      },
      DriftFinding: {
        type: 'object',
        required: ['service', 'stage', 'kind', 'message'],
        additionalProperties: false,
        properties: {
          service: {
            type: 'string',
          },
          stage: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: ['ungated', 'not-upstream', 'lagging'],
          },
          message: {
            type: 'string',
          },
        },
      },
      DriftReport: {
        type: 'object',
        required: ['scope', 'serviceCount', 'findings'],
        additionalProperties: false,
        properties: {
          scope: {
            $ref: '#/components/schemas/InsightsScope',
          },
          serviceCount: {
            type: 'integer',
            minimum: 0,
          },
          findings: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DriftFinding',
            },
          },
        },
      },
      InsightsScope: {
        type: 'object',
        additionalProperties: false,
        properties: {
          service: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          system: {
            type: 'string',
          },
        },
      },
      LagDuration: {
        type: 'object',
        required: ['samples'],
        additionalProperties: false,
        properties: {
          samples: {
            type: 'integer',
            minimum: 0,
          },
          medianSeconds: {
            type: 'number',
            minimum: 0,
          },
        },
      },
      WaitingChange: {
        type: 'object',
        required: ['commitSha', 'title', 'author', 'arrivedAt', 'ageSeconds'],
        additionalProperties: false,
        properties: {
          commitSha: {
            type: 'string',
          },
          prNumber: {
            type: 'integer',
          },
          title: {
            type: 'string',
          },
          author: {
            type: 'string',
          },
          mergedAt: {
            type: 'string',
            format: 'date-time',
          },
          arrivedAt: {
            type: 'string',
            format: 'date-time',
          },
          ageSeconds: {
            type: 'number',
            minimum: 0,
          },
        },
      },
      StageLag: {
        type: 'object',
        required: [
          'upstream',
          'downstream',
          'waitingVersions',
          'waitingChanges',
          'trend',
        ],
        additionalProperties: false,
        properties: {
          upstream: {
            type: 'string',
          },
          downstream: {
            type: 'string',
          },
          upstreamVersion: {
            type: 'string',
          },
          downstreamVersion: {
            type: 'string',
          },
          waitingVersions: {
            type: 'integer',
            minimum: 0,
          },
          waitingChanges: {
            type: 'integer',
            minimum: 0,
          },
          oldestWaitingChange: {
            $ref: '#/components/schemas/WaitingChange',
          },
          trend: {
            type: 'array',
            items: {
              type: 'object',
              required: ['at', 'waitingChanges'],
              additionalProperties: false,
              properties: {
                at: {
                  type: 'string',
                  format: 'date-time',
                },
                waitingChanges: {
                  type: 'integer',
                  minimum: 0,
                },
              },
            },
          },
        },
      },
      LeadTimeSplit: {
        type: 'object',
        required: [
          'from',
          'to',
          'changes',
          'commitToMerge',
          'mergeToFirstStage',
          'stageWaits',
        ],
        additionalProperties: false,
        properties: {
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          changes: {
            type: 'integer',
            minimum: 0,
          },
          commitToMerge: {
            $ref: '#/components/schemas/LagDuration',
          },
          mergeToFirstStage: {
            $ref: '#/components/schemas/LagDuration',
          },
          stageWaits: {
            type: 'array',
            items: {
              type: 'object',
              required: ['stage', 'samples'],
              additionalProperties: false,
              properties: {
                stage: {
                  type: 'string',
                },
                samples: {
                  type: 'integer',
                  minimum: 0,
                },
                medianSeconds: {
                  type: 'number',
                  minimum: 0,
                },
              },
            },
          },
        },
      },
      LagReport: {
        type: 'object',
        required: [
          'scope',
          'serviceCount',
          'generatedAt',
          'weeks',
          'services',
          'leadTimeSplit',
        ],
        additionalProperties: false,
        properties: {
          scope: {
            $ref: '#/components/schemas/InsightsScope',
          },
          serviceCount: {
            type: 'integer',
            minimum: 0,
          },
          generatedAt: {
            type: 'string',
            format: 'date-time',
          },
          weeks: {
            type: 'integer',
            minimum: 1,
            maximum: 52,
          },
          services: {
            type: 'array',
            items: {
              type: 'object',
              required: ['service', 'stages', 'pairs', 'leadTimeSplit'],
              additionalProperties: false,
              properties: {
                service: {
                  type: 'string',
                },
                stages: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
                pairs: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/StageLag',
                  },
                },
                leadTimeSplit: {
                  $ref: '#/components/schemas/LeadTimeSplit',
                },
              },
            },
          },
          leadTimeSplit: {
            $ref: '#/components/schemas/LeadTimeSplit',
          },
        },
      },
      GateShare: {
        type: 'object',
        required: ['deployments', 'gated'],
        additionalProperties: false,
        properties: {
          deployments: {
            type: 'integer',
            minimum: 0,
          },
          gated: {
            type: 'integer',
            minimum: 0,
          },
          share: {
            type: 'number',
            minimum: 0,
            maximum: 1,
          },
        },
      },
      UngatedDeploymentSummary: {
        type: 'object',
        required: ['id', 'version', 'finishedAt', 'createdBy'],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
          },
          createdBy: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
        },
      },
      ServiceCompliance: {
        type: 'object',
        required: [
          'service',
          'stage',
          'deployments',
          'gated',
          'rehearsals',
          'ungated',
          'truncated',
        ],
        additionalProperties: false,
        properties: {
          service: {
            type: 'string',
          },
          stage: {
            type: 'string',
          },
          rehearsals: {
            $ref: '#/components/schemas/RehearsalShare',
          },
          deployments: {
            type: 'integer',
            minimum: 0,
          },
          gated: {
            type: 'integer',
            minimum: 0,
          },
          share: {
            type: 'number',
            minimum: 0,
            maximum: 1,
          },
          ungated: {
            type: 'array',
            maxItems: 100,
            items: {
              $ref: '#/components/schemas/UngatedDeploymentSummary',
            },
          },
          truncated: {
            type: 'boolean',
          },
        },
      },
      RehearsalShare: {
        type: 'object',
        description:
          "Releases into the last stage, and how many had their version's rollback rehearsed, successfully, before they started.",
        additionalProperties: false,
        required: ['releases', 'rehearsed'],
        properties: {
          releases: {
            type: 'integer',
            minimum: 0,
          },
          rehearsed: {
            type: 'integer',
            minimum: 0,
          },
          share: {
            type: 'number',
            minimum: 0,
            maximum: 1,
          },
        },
      },
      ComplianceReport: {
        type: 'object',
        required: [
          'scope',
          'serviceCount',
          'from',
          'to',
          'totals',
          'rehearsals',
          'services',
        ],
        additionalProperties: false,
        properties: {
          scope: {
            $ref: '#/components/schemas/InsightsScope',
          },
          serviceCount: {
            type: 'integer',
            minimum: 0,
          },
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          totals: {
            $ref: '#/components/schemas/GateShare',
          },
          rehearsals: {
            $ref: '#/components/schemas/RehearsalShare',
          },
          services: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ServiceCompliance',
            },
          },
        },
      },
      DependencyGraph: {
        type: 'object',
        description: 'The dependency graph of services in one stage.',
        additionalProperties: false,
        required: ['stage', 'nodes', 'edges'],
        properties: {
          stage: {
            type: 'string',
          },
          nodes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DependencyNode',
            },
          },
          edges: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DependencyEdge',
            },
          },
        },
      },
      VersionRequirement: {
        type: 'object',
        description: 'The semver range `service` requires of `dependency`.',
        additionalProperties: false,
        required: ['service', 'dependency', 'range'],
        properties: {
          service: {
            $ref: '#/components/schemas/ServiceRef',
          },
          dependency: {
            $ref: '#/components/schemas/ServiceRef',
          },
          range: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
        },
      },
      VersionRequirementResult: {
        type: 'object',
        description:
          'A requirement set through the API, and whether that changed it.',
        additionalProperties: false,
        required: ['service', 'dependency', 'range', 'changed'],
        properties: {
          service: {
            type: 'string',
          },
          dependency: {
            type: 'string',
          },
          range: {
            type: 'string',
          },
          changed: {
            type: 'boolean',
          },
        },
      },
      RegisterServiceRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['service', 'pipeline'],
        properties: {
          service: {
            $ref: '#/components/schemas/ServiceRef',
          },
          pipeline: {
            $ref: '#/components/schemas/Name',
          },
          train: {
            $ref: '#/components/schemas/Name',
          },
        },
      },
      RegisteredService: {
        type: 'object',
        description: 'A registered service and where to watch it.',
        additionalProperties: false,
        required: ['service', 'pipeline', 'releaseTabUrl'],
        properties: {
          service: {
            type: 'string',
          },
          pipeline: {
            type: 'string',
          },
          train: {
            type: 'string',
          },
          releaseTabUrl: {
            type: 'string',
            description: "The service's Release tab in the portal.",
          },
        },
      },
      ChangeInput: {
        type: 'object',
        additionalProperties: false,
        required: ['commitSha', 'title', 'author'],
        properties: {
          commitSha: {
            $ref: '#/components/schemas/CommitSha',
          },
          prNumber: {
            type: 'integer',
            minimum: 1,
            maximum: 2147483647,
          },
          title: {
            type: 'string',
            minLength: 1,
            maxLength: 512,
          },
          author: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          mergedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          committedAt: {
            $ref: '#/components/schemas/Timestamp',
            description:
              'When the change was committed; not after `mergedAt`. Lead time counts from here as well as from the merge.',
          },
          issueKeys: {
            type: 'array',
            maxItems: 50,
            items: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
            },
          },
          labels: {
            type: 'array',
            maxItems: 20,
            description:
              'The labels of its pull request. A change labelled `hotfix` (in any case) makes its version a hotfix.',
            items: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
            },
          },
        },
      },
      IngestionEvent: {
        oneOf: [
          {
            $ref: '#/components/schemas/VersionCreatedEvent',
          },
          {
            $ref: '#/components/schemas/DeploymentEvent',
          },
        ],
      },
      IngestionBatch: {
        type: 'object',
        additionalProperties: false,
        required: ['events'],
        properties: {
          events: {
            type: 'array',
            minItems: 1,
            maxItems: 500,
            items: {
              $ref: '#/components/schemas/IngestionEvent',
            },
          },
        },
      },
      VersionCreatedEvent: {
        type: 'object',
        description: 'A build of a service.',
        additionalProperties: false,
        required: ['type', 'service', 'version', 'commitSha', 'builtAt'],
        properties: {
          type: {
            type: 'string',
            const: 'version.created',
          },
          service: {
            $ref: '#/components/schemas/ServiceRef',
          },
          version: {
            $ref: '#/components/schemas/Version',
          },
          commitSha: {
            $ref: '#/components/schemas/CommitSha',
          },
          artifact: {
            type: 'string',
            maxLength: 512,
          },
          builtAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          kind: {
            type: 'string',
            enum: ['release', 'hotfix'],
            description:
              'A hotfix, or a release (when absent). A version is also a hotfix when it brings changes and all are reverts (titled `Revert "…"`), or one of them is labelled `hotfix`.',
          },
          changes: {
            type: 'array',
            maxItems: 1000,
            items: {
              $ref: '#/components/schemas/ChangeInput',
            },
          },
        },
      },
      DeploymentEvent: {
        type: 'object',
        description: 'A step of a deployment that CI runs.',
        additionalProperties: false,
        required: [
          'type',
          'service',
          'stage',
          'version',
          'externalId',
          'occurredAt',
        ],
        properties: {
          type: {
            type: 'string',
            enum: [
              'deployment.started',
              'deployment.succeeded',
              'deployment.failed',
            ],
          },
          service: {
            $ref: '#/components/schemas/ServiceRef',
          },
          stage: {
            $ref: '#/components/schemas/Name',
          },
          version: {
            $ref: '#/components/schemas/Version',
          },
          externalId: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
            description:
              "The id the CI system gave this deployment; all its events carry it. Not the ledger's id, which answers as `deploymentId`.",
          },
          occurredAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          reason: {
            type: 'string',
            maxLength: 1024,
          },
        },
      },
      EventOutcome: {
        type: 'object',
        description: 'What one event did.',
        additionalProperties: false,
        required: ['outcome'],
        properties: {
          outcome: {
            type: 'string',
            enum: ['created', 'updated', 'unchanged'],
          },
          deploymentId: {
            type: 'string',
            description:
              "The ledger's id of the deployment a deployment event made or changed.",
          },
          version: {
            type: 'string',
            description: 'The version a version.created event made.',
          },
        },
      },
      IngestionResult: {
        type: 'object',
        additionalProperties: false,
        required: ['deliveryId', 'results'],
        properties: {
          deliveryId: {
            type: 'string',
          },
          results: {
            type: 'array',
            description: "One per event, in the events' order.",
            items: {
              $ref: '#/components/schemas/EventOutcome',
            },
          },
        },
      },
    },
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
